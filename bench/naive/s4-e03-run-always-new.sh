#!/bin/sh
. "$(dirname "$0")/lib.sh"
trap 'docker rm -f $N-first $N-second >/dev/null 2>&1' EXIT
docker run --name $N-first $L debian touch /curso-docker.txt
docker run --name $N-second $L debian ls /curso-docker.txt >/dev/null 2>&1
SECOND=$?
check two_containers '[ "$(docker ps -aq --filter name=$N-first --filter name=$N-second | wc -l)" -eq 2 ]'
check file_in_first 'docker diff $N-first | grep -q "^A /curso-docker.txt"'
check not_in_second '[ $SECOND -ne 0 ]'
