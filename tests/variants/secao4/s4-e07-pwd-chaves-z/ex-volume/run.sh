docker run -d -p 8080:80 -v ${PWD}/html:/usr/share/nginx/html:Z nginx
