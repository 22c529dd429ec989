#!/bin/sh
docker container run -d -p 80:8080 nginx
