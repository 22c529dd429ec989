#!/bin/sh
docker container run --name mydeb debian touch /curso-docker.txt
docker container start -ai mydebian
docker container start -ai mydebian
docker container run --rm debian bash --version
