#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e08-scale"; PROJECT=s9e08; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
compose up -d --build --scale worker=3 >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
check three_workers '[ "$(compose ps -q --status running worker | wc -l)" -eq 3 ]'
check worker_image 'docker image inspect -f "{{.Config.Env}} {{.Config.Labels}}" $(docker inspect -f "{{.Image}}" $(compose ps -q worker | head -1)) | grep "PYTHONUNBUFFERED=1" | grep -q maintainer'
sleep $WAIT
check replicas_wait 'for c in $(compose ps -q worker); do [ -n "$(docker logs $c 2>&1)" ] || exit 1; done'
