docker run -d --name ex-daemon-basic -p 8080:80 nginx
docker ps
docker ps -a
docker logs ex-daemon-basic
docker inspect ex-daemon-basic
docker exec ex-daemon-basic uname -or
docker images
docker volume ls
