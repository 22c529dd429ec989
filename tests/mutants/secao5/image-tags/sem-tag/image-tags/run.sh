#!/bin/sh
# s5-e01: comandos básicos de gerenciamento de imagens, com a nova sintaxe (docker image ...).

# Baixa a imagem do redis (tag latest) e mostra os seus metadados
docker image pull redis:latest
docker image inspect redis:latest

docker image ls

# Remove os dois nomes ("Untagged: ...")
docker image rm redis:latest
