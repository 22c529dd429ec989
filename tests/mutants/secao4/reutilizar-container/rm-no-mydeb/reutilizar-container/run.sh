#!/bin/sh
docker container run --rm --name mydeb debian touch /curso-docker.txt
docker container start -ai mydeb
docker container start -ai mydeb
docker container run --rm debian bash --version
