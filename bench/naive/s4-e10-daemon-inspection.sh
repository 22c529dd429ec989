#!/bin/sh
. "$(dirname "$0")/lib.sh"
C=$N-ex-daemon-basic
trap 'docker rm -f $C >/dev/null 2>&1' EXIT
docker run -d --name $C $L -p 127.0.0.1:$WEB:80 nginx >/dev/null
sleep $WAIT
check listed 'docker ps | grep -q $C'
sleep $WAIT
check logs 'docker logs $C'
check inspected 'docker inspect $C'
sleep $WAIT
check shared_kernel '[ "$(docker exec $C uname -or)" = "$(uname -r) GNU/Linux" ]'
