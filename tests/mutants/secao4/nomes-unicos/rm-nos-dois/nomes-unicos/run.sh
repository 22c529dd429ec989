#!/bin/sh
docker container run --rm --name mydeb debian bash --version
docker container run --rm --name mydeb debian bash --version
