docker container run -d --name c1 alpine sleep 1000
docker container run -d --name c2 alpine sleep 1000
docker network inspect bridge
docker container exec -it c1 ifconfig
