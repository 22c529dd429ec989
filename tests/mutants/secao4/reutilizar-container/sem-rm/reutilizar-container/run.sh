#!/bin/sh
docker container run --name mydeb debian touch /curso-docker.txt
docker container start -ai mydeb
docker container start -ai mydeb
docker container run debian bash --version
