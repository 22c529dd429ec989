#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-container1 $N-container3 >/dev/null 2>&1; docker network rm $N-rede_nova >/dev/null 2>&1' EXIT
docker network create --driver bridge $L $N-rede_nova >/dev/null
docker run -d --name $N-container1 $L alpine sleep 1000 >/dev/null
docker run -d --name $N-container3 $L --net $N-rede_nova alpine sleep 1000 >/dev/null
docker network connect bridge $N-container3
sleep $WAIT
check connected 'docker exec $N-container3 ifconfig | grep -q "^eth1"'
docker network disconnect bridge $N-container3
check disconnected '[ "$(docker inspect -f "{{range \$k, \$v := .NetworkSettings.Networks}}{{\$k}} {{end}}" $N-container3)" = "$N-rede_nova " ]'
