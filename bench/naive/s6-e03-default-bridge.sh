#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-container1 $N-container2 >/dev/null 2>&1' EXIT
docker run -d --name $N-container1 $L alpine sleep 1000 >/dev/null
docker run -d --name $N-container2 $L alpine sleep 1000 >/dev/null
sleep $WAIT
check both_on_bridge 'docker network inspect bridge | grep -q $N-container1 && docker network inspect bridge | grep -q $N-container2'
sleep $WAIT
check ping_by_ip 'docker exec $N-container1 ping -c 1 -W 2 $(docker inspect -f "{{.NetworkSettings.Networks.bridge.IPAddress}}" $N-container2)'
sleep $WAIT
check no_dns_on_bridge '! docker exec $N-container1 ping -c 1 -W 2 $N-container2'
