#!/bin/sh
docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container3 --net rede_nova alpine sleep 1000
