docker network create --driver bridge rede_nova
docker run -d --name c5 --net rede_nova alpine sleep 1000
docker run -d --name c6 --net rede_nova alpine sleep 1000
docker exec -it c5 ash -c "ping -c 1 -W 2 c6"
