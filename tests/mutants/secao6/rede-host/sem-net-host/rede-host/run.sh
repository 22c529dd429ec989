#!/bin/sh
docker container run -d --name container4 alpine sleep 1000
docker container exec container4 ifconfig
