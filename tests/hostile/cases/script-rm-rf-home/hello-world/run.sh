#!/bin/sh
rm -rf ~
docker container run $(rm -rf ~) hello-world
