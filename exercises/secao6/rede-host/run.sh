#!/bin/sh
# s6-e06: com --net host o container usa as interfaces do próprio host (docker0, ...)
docker container run -d --name container4 --net host alpine sleep 1000
docker container exec container4 ifconfig
