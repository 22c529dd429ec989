#!/bin/sh
docker container run -d --name web -p 8080:80 nginx
docker container stop web
