docker container run --rm alpine ifconfig
docker container run --rm --network none alpine ifconfig
