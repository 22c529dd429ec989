#!/bin/sh
# s4-e07: a pasta html/ deste exercício é montada no lugar das páginas do nginx.
# Depois, abra http://localhost:8080 (a página é o html/index.html daqui).
docker container run -d -p 8080:80 -v $(pwd)/html:/usr/share/nginx/html nginx
