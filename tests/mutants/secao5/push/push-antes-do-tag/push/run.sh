#!/bin/sh
# s5-e06: envio de uma imagem para um registry.
# No curso o destino é o Docker Hub (<usuario>/simple-build:1.0, depois de "docker login");
# aqui usamos o registry local em localhost:5000, que não pede login.
# Pré-requisito: a imagem ex-simple-build do primeiro build (pasta primeiro-build).
docker image push localhost:5000/simple-build:1.0
docker image tag ex-simple-build localhost:5000/simple-build:1.0
