#!/bin/sh
# s4-e01: o Docker funciona? Deve imprimir "Hello from Docker!"
docker container run hello-world
