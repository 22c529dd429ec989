cd ..
docker container run -d \
  -p 8080:80 \
  --volume="$PWD/ex-volume/html":/usr/share/nginx/html:ro \
  nginx
