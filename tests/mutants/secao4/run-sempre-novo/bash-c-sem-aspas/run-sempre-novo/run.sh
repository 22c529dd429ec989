#!/bin/sh
docker container run debian bash -c touch /curso-docker.txt
docker container run debian ls /curso-docker.txt
