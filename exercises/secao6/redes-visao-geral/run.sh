#!/bin/sh
# s6-e01: as redes que o Docker já traz: bridge (padrão), host e none
docker network ls
