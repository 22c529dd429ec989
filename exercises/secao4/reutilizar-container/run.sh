#!/bin/sh
# s4-e05: reutilizar um container com start, em vez de criar outro com run.
docker container run --name mydeb debian touch /curso-docker.txt

# start -ai religa o MESMO container (mesmo ID): o arquivo criado continua lá
docker container start -ai mydeb
docker container start -ai mydeb

# --rm: o container é removido assim que termina
docker container run --rm debian bash --version
