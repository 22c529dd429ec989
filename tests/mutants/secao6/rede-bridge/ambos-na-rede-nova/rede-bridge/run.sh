#!/bin/sh
docker network create --driver bridge rede_nova
docker container run -d --name container1 --net rede_nova alpine sleep 1000
docker container run -d --name container2 --net rede_nova alpine sleep 1000
docker network inspect bridge
docker container exec container1 ifconfig
