winpty docker run --detach \
    --name ex-daemon-basic \
    --publish 8080:80 \
    --volume $(pwd)/html:/usr/share/nginx/html \
    nginx:latest
