docker container run -it --name mydeb debian touch /curso-docker.txt
docker container start -ai mydeb
docker ps -a
docker container start -ai mydeb && docker container run --rm -it debian bash --version
