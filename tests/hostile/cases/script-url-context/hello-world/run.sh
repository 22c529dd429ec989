#!/bin/sh
docker build -t ola https://127.0.0.1:@PORT@/contexto.tar.gz
docker container run hello-world
