#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-web >/dev/null 2>&1' EXIT
docker run -d --name $N-web $L -p 127.0.0.1:$WEB:80 nginx >/dev/null
check publishes_8080_to_80 'docker port $N-web 80 | grep -q ":$WEB"'
sleep $WAIT
check serves_nginx 'curl -sf http://127.0.0.1:$WEB/ | grep -q "Welcome to nginx"'
sleep $WAIT
check access_log 'curl -sf http://127.0.0.1:$WEB/ && docker logs $N-web 2>&1 | grep -q "\"GET / HTTP/1.1\" 200"'
