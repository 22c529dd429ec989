#!/bin/sh
docker container run -d --name container5 alpine sleep 1000
docker container run -d --name container6 alpine sleep 1000
docker container exec container5 ping -c 1 -W 2 container6
