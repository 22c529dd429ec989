docker container run --name primeiro debian touch /curso-docker.txt
docker container run --rm debian ls /curso-docker.txt
