#!/bin/sh
docker network create --driver bridge rede_nova
docker container run -d --name container5 --net rede_nova alpine sleep 1000
docker container run -d --name container6 --net rede_nova alpine sleep 1000
docker container exec container5 ping -c 1 -W 2 container7
