#!/bin/sh
# s6-e03: dois containers na rede bridge padrão (o sleep 1000 os mantém vivos)
docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container2 alpine sleep 1000

# endereços dos containers na rede bridge
docker network inspect bridge
docker container exec container1 ifconfig

# Pelo IP, container1 alcança container2 (docker container exec container1 ping -c 1 <IP do container2>);
# pelo nome, não: a rede bridge padrão não tem DNS.
