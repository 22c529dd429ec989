docker network create rede-nova
docker container run -d --name container5 --network=rede-nova alpine sleep 1000
docker container run -d --name container6 --network=rede-nova alpine sleep 1000
docker container exec container5 ping -c1 -W2 container6
