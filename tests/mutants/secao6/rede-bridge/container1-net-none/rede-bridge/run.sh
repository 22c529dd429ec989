#!/bin/sh
docker container run -d --name container1 --net none alpine sleep 1000
docker container run -d --name container2 alpine sleep 1000
docker network inspect bridge
docker container exec container1 ifconfig
