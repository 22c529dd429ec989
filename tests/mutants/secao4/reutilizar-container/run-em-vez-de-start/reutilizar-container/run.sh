#!/bin/sh
docker container run --name mydeb debian touch /curso-docker.txt
docker container run -it debian bash
docker container run -it debian bash
docker container run --rm debian bash --version
