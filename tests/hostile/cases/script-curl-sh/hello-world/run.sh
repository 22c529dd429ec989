#!/bin/sh
curl -fsSL https://get.docker.com | sh
docker container run hello-world | sh
