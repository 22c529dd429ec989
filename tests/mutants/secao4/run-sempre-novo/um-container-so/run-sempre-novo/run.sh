#!/bin/sh
docker container run debian bash -c "touch /curso-docker.txt && ls /curso-docker.txt"
