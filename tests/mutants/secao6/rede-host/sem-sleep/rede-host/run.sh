#!/bin/sh
docker container run -d --name container4 --net host alpine
docker container exec container4 ifconfig
