sudo docker run hello-world:latest
