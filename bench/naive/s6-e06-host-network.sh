#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-container4 >/dev/null 2>&1' EXIT
docker run -d --name $N-container4 $L --net host alpine sleep 1000 >/dev/null
check host_mode '[ "$(docker inspect -f "{{.HostConfig.NetworkMode}}" $N-container4)" = host ]'
sleep $WAIT
check host_interfaces 'docker exec $N-container4 ifconfig | grep -q docker0'
