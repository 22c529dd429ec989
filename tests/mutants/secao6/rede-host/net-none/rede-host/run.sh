#!/bin/sh
docker container run -d --name container4 --net none alpine sleep 1000
docker container exec container4 ifconfig
