#!/bin/sh
docker container run --name mydeb debian bash --version
docker container run --name mydeb2 debian bash --version
