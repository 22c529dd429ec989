docker network create --driver bridge rede-nova
docker container run -d --name container1 alpine sleep 1000
docker container run -d --name container3 --network rede-nova alpine sleep 1000
