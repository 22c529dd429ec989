docker container run -d --name ex-daemon-basic -p 8080:80 nginx
docker container list -a
docker container logs ex-daemon-basic
docker container inspect --format '{{.Name}}' ex-daemon-basic
docker container exec -it ex-daemon-basic uname -or
docker image ls
docker volume ls
