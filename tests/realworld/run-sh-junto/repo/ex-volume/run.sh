#!/bin/bash
# exercicio 7
docker container run -d -p 3000:80 -v $(pwd)/html:/usr/share/nginx/html:Z nginx:1.13
