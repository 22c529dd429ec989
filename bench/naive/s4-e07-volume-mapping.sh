#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-web >/dev/null 2>&1' EXIT
cd "$EX/secao4/ex-volume"
docker run -d --name $N-web $L -p 127.0.0.1:$WEB:80 -v "$(pwd)/html:/usr/share/nginx/html" nginx >/dev/null
check bind_mount 'docker inspect -f "{{range .Mounts}}{{.Source}}:{{.Destination}}{{end}}" $N-web | grep -q "$(pwd)/html:/usr/share/nginx/html"'
sleep $WAIT
check serves_own_index 'curl -sf http://127.0.0.1:$WEB/ | cmp -s - html/index.html'
