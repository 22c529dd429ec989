docker container run -d -p 80:80 nginx
