docker container run -d --name container1 alpine sleep 1000
docker network create rede_nova
docker network inspect rede_nova
docker container run -d --name=container3 --net=rede_nova alpine sleep 1000
