docker run -d --name container1 --network=bridge alpine sleep 1000 && docker run -d --name container2 --network=bridge alpine sleep 1000
docker network inspect bridge
docker exec container1 ifconfig
