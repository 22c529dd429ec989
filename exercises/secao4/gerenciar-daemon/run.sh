#!/bin/sh
# s4-e09: gerenciar o container em background sem recriá-lo.
docker container run -d --name ex-daemon-basic -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx

docker container restart ex-daemon-basic
docker container stop ex-daemon-basic

# start religa o mesmo container, com a mesma porta e a mesma pasta (sem repetir -p e -v)
docker container start ex-daemon-basic
