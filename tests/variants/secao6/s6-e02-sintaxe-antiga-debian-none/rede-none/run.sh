docker run -d --net none debian
docker run --rm -it alpine ash -c ifconfig
docker run --rm -it --net=none alpine ash -c ifconfig
