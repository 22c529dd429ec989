#!/bin/sh
# s4-e06: a porta 8080 do host leva à porta 80 do container. Depois, abra http://localhost:8080
docker container run -d -p 8080:80 nginx
