sudo docker run \
  --name mydeb debian bash --version
sudo docker run \
  --name mydeb debian bash --version
