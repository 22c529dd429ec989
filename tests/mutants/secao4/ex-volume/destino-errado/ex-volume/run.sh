#!/bin/sh
docker container run -d -p 8080:80 -v $(pwd)/html:/usr/share/nginx nginx
