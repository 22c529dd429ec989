#!/bin/sh
# s6-e05: ligar um container a uma segunda rede e depois desligá-lo
docker network create --driver bridge rede_nova
docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container3 --net rede_nova alpine sleep 1000

# container3 ganha uma segunda interface (eth1) na rede bridge e passa a alcançar o container1
docker network connect bridge container3
docker container exec container3 ifconfig

# de volta só à rede_nova
docker network disconnect bridge container3
