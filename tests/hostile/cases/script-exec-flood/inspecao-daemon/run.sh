#!/bin/sh
# s4-e10: olhar um container em background por fora e por dentro.
docker container run -d --name ex-daemon-basic -p 8080:80 nginx

docker container ls
docker container ls -a
docker container logs ex-daemon-basic
docker container inspect ex-daemon-basic

# hostil: uma saída sem fim (o corretor guarda no máximo 1 MiB e segue em frente)
docker container exec ex-daemon-basic yes @MARK@
# O kernel é o do host: compare com o "uname -r" do seu computador
docker container exec ex-daemon-basic uname -or

docker image ls
docker volume ls
