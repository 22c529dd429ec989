#!/bin/sh
docker container run --name mydeb debian bash --version
docker container rm mydeb
docker container run --name mydeb debian bash --version
