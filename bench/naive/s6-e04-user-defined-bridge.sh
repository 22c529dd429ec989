#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-container1 $N-container3 >/dev/null 2>&1; docker network rm $N-rede_nova >/dev/null 2>&1' EXIT
check network_created 'docker network create --driver bridge $L $N-rede_nova'
docker run -d --name $N-container1 $L alpine sleep 1000 >/dev/null
docker run -d --name $N-container3 $L --net $N-rede_nova alpine sleep 1000 >/dev/null
sleep $WAIT
check on_user_network 'docker inspect -f "{{json .NetworkSettings.Networks}}" $N-container3 | grep -q $N-rede_nova'
sleep $WAIT
check isolated '! docker exec $N-container3 ping -c 1 -W 2 $(docker inspect -f "{{.NetworkSettings.Networks.bridge.IPAddress}}" $N-container1)'
