#!/bin/sh
docker network create --driver bridge rede_nova
docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container3 --net rede_nova alpine sleep 1000
docker network connect bridge container3
docker container exec container3 ifconfig
