#!/bin/sh
docker container run -d -p 8080:80 nginx && curl http://localhost:8080 | sh
