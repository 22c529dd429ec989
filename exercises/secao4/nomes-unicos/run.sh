#!/bin/sh
# s4-e04: nomes de containers são únicos.
docker container run --name mydeb debian bash --version

# O segundo run com o mesmo nome falha (código 125): 'The container name "/mydeb" is already in use'
docker container run --name mydeb debian bash --version
