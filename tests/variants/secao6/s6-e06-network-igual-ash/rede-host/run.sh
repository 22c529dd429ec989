docker container run -d --name container4 --network=host alpine sleep 1000
docker container exec container4 ash -c "ifconfig"
