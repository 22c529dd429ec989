#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-mydeb >/dev/null 2>&1' EXIT
docker run --name $N-mydeb $L debian touch /curso-docker.txt
BEFORE=$(docker inspect -f '{{.Id}}' $N-mydeb)
docker start -ai $N-mydeb
docker start -ai $N-mydeb
docker run --rm $L --label dgbench-rm=$$ debian bash --version >/dev/null
check same_container '[ "$(docker inspect -f "{{.Id}}" $N-mydeb)" = "$BEFORE" ]'
check file_persists 'docker diff $N-mydeb | grep -q "^A /curso-docker.txt"'
check rm_leaves_nothing '[ -z "$(docker ps -aq --filter label=dgbench-rm=$$)" ]'
