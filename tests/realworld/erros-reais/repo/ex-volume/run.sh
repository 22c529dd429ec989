docker container run -d -p 8080:80 -v $(pwd)/not-found:/usr/share/nginx/html nginx
