docker network create -d bridge rede-nova
docker container run -d --name c1 alpine sleep 1000
docker container run -d --name c3 --network rede-nova alpine sleep 1000
docker network connect bridge c3
docker container exec c3 ifconfig
docker network disconnect bridge c3
