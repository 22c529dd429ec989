#!/bin/sh
docker container run -d nginx -p 8080:80
