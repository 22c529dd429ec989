#!/bin/sh
docker container run --rm alpine ash -c "ifconfig"
docker container run --rm alpine ash -c "ifconfig"
