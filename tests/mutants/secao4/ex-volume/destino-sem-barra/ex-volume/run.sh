#!/bin/sh
docker container run -d -p 8080:80 -v $(pwd)/html:user/share/nginx/html nginx
