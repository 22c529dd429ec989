#!/bin/bash
# Aula: comandos básicos no gerenciamento de imagens (anotações no estilo antigo do docker)
sudo docker pull redis
sudo docker inspect redis
sudo docker tag redis cod3r-redis
sudo docker images
sudo docker rmi redis cod3r-redis
