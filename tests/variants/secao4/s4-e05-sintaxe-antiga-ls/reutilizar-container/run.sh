docker run --name mydeb debian bash -c "touch /curso-docker.txt; ls /curso-docker.txt"
docker start -a -i mydeb
docker start -a -i mydeb
docker run --rm debian bash --version
