#!/bin/sh
# s6-e02: sem --net, o container tem eth0 (rede bridge) e lo
docker container run --rm alpine ash -c "ifconfig"

# com --net none, só a interface lo
docker container run --rm --net none alpine ash -c "ifconfig"
