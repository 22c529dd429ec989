#!/bin/sh
# s5-e01: comandos básicos de gerenciamento de imagens, com a nova sintaxe (docker image ...).

# Baixa a imagem do redis (tag latest) e mostra os seus metadados
docker image pull redis:latest
docker image inspect redis:latest

# Dá um segundo nome à mesma imagem: as duas linhas do "image ls" têm o mesmo IMAGE ID
docker image tag redis:latest cod3r-redis
docker image ls
