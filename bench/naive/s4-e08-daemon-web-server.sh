#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-ex-daemon-basic >/dev/null 2>&1' EXIT
cd "$EX/secao4/ex-daemon-basic"
docker run -d --name $N-ex-daemon-basic $L -p 127.0.0.1:$WEB:80 -v "$(pwd)/html:/usr/share/nginx/html" nginx >/dev/null
sleep $WAIT
check detached '[ "$(docker inspect -f "{{.State.Running}}" $N-ex-daemon-basic)" = true ]'
check named 'docker inspect $N-ex-daemon-basic'
sleep $WAIT
check serves_own_index 'curl -sf http://127.0.0.1:$WEB/ | cmp -s - html/index.html'
