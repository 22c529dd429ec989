#!/bin/sh
docker container run -d --name ex-daemon-basic -p 8080:80 nginx
