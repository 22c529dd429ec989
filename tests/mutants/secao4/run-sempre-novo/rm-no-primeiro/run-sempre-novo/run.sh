#!/bin/sh
docker container run --rm debian touch /curso-docker.txt
docker container run debian ls /curso-docker.txt
