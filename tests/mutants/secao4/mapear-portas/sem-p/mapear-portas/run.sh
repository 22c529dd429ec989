#!/bin/sh
docker container run -d nginx
