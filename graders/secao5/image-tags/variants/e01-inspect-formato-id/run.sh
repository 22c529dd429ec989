#!/bin/sh
docker image pull redis:latest
docker image tag redis:latest coder-redis
# os dois nomes devem mostrar o mesmo ID
docker image inspect -f '{{.Id}}' redis:latest coder-redis
docker image rm redis:latest coder-redis
