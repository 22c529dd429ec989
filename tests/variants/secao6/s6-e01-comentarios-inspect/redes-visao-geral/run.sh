
# tipos de rede
docker network ls   # bridge, host e none

docker network inspect bridge
docker network inspect host
docker network inspect none
