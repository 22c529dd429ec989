sudo docker run -d --name c4 --net host alpine sleep 1000
sudo docker exec -it c4 ifconfig
