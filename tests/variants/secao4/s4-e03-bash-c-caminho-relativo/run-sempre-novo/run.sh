docker run -it debian bash -c 'touch curso-docker.txt'
docker run -it debian bash -c 'ls /curso-docker.txt'
