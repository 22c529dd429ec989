docker container run -dit --name container1 alpine
docker container run -dit --name container2 alpine
docker network inspect bridge
