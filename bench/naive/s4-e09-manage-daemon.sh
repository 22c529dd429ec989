#!/bin/sh
. "$(dirname "$0")/lib.sh"
C=$N-ex-daemon-basic
trap 'docker rm -f $C >/dev/null 2>&1' EXIT
cd "$EX/secao4/gerenciar-daemon"
docker run -d --name $C $L -p 127.0.0.1:$WEB:80 -v "$(pwd)/html:/usr/share/nginx/html" nginx >/dev/null
sleep $WAIT
STARTED=$(docker inspect -f '{{.State.StartedAt}}' $C)
docker restart $C >/dev/null
check restarted '[ "$(docker inspect -f "{{.State.StartedAt}}" $C)" != "$STARTED" ]'
docker stop $C >/dev/null
check stopped '[ "$(docker inspect -f "{{.State.Status}}" $C)" = exited ]'
docker start $C >/dev/null
sleep $WAIT
check started_same_mappings 'docker port $C 80 | grep -q ":$WEB" && curl -sf http://127.0.0.1:$WEB/'
