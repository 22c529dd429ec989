#!/bin/sh
. "$(dirname "$0")/lib.sh"
I=$N-simple-build
trap 'docker rm -f $N-web >/dev/null 2>&1; docker rmi $I >/dev/null 2>&1' EXIT
cd "$EX/secao5/primeiro-build"
check builds 'docker build -t $I .'
docker build -q -t $I . >/dev/null; docker run -d --name $N-web $L -p 127.0.0.1:$WEB:80 $I >/dev/null; sleep $WAIT
check serves_page 'curl -sf http://127.0.0.1:$WEB/ > /tmp/$N-page && ! grep -q "Welcome to nginx" /tmp/$N-page && grep -qi "<h1>" /tmp/$N-page'
docker rm -f $N-web >/dev/null
docker build -q -t $I . >/dev/null; docker run -d --name $N-web $L $I >/dev/null; sleep $WAIT
check page_in_image 'docker exec $N-web cat /usr/share/nginx/html/index.html | grep -qi "<h1>"'
check base_is_nginx 'grep -qi "^FROM nginx" Dockerfile'
rm -f /tmp/$N-page
