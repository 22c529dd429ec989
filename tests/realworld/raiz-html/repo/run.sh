# exercicio 7, rodar na raiz do repositorio
docker container run -d -p 8080:80 -v "$(pwd)/html":/usr/share/nginx/html nginx
