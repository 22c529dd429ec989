#!/bin/sh
docker container run -d --name container4 --net host alpine sleep 1000
