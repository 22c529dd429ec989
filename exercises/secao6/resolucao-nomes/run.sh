#!/bin/sh
# s6-x01: numa rede criada pelo usuário, os containers se acham pelo nome (DNS do Docker)
docker network create --driver bridge rede_nova
docker container run -d --name container5 --net rede_nova alpine sleep 1000
docker container run -d --name container6 --net rede_nova alpine sleep 1000

# -c 1: um pacote só; -W 2: espera no máximo 2 segundos
docker container exec container5 ping -c 1 -W 2 container6
