#!/bin/sh
docker container run -it debian bash
touch /curso-docker.txt
exit
docker container run -it debian bash
ls /curso-docker.txt
