#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-container5 $N-container6 >/dev/null 2>&1; docker network rm $N-rede_nova >/dev/null 2>&1' EXIT
docker network create --driver bridge $L $N-rede_nova >/dev/null
docker run -d --name $N-container5 $L --net $N-rede_nova alpine sleep 1000 >/dev/null
docker run -d --name $N-container6 $L --net $N-rede_nova alpine sleep 1000 >/dev/null
sleep $WAIT
check resolves_by_name 'docker exec $N-container5 ping -c 1 -W 2 $N-container6'
