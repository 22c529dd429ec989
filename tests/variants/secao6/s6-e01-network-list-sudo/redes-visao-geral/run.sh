sudo docker network list
