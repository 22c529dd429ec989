sudo docker run -d --name ex-daemon-basic -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx
sudo docker restart ex-daemon-basic
sudo docker ps
sudo docker stop ex-daemon-basic
sudo docker ps -a
sudo docker start ex-daemon-basic
