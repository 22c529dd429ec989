#!/bin/sh
# s6-e04: uma rede bridge nova isola os seus containers dos da rede padrão
docker network create --driver bridge rede_nova
docker network inspect rede_nova

docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container3 --net rede_nova alpine sleep 1000

# container3 não alcança o IP do container1 (docker container exec container3 ping -c 1 <IP do container1>)
