#!/bin/sh
# s4-e08: servidor web em background (-d), com nome, porta e pasta mapeadas.
docker container run -d --name ex-daemon-basic -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx
