#!/bin/sh
docker container run --rm --net none alpine ash -c "ifconfig"
