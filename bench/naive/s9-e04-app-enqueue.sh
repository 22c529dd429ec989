#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e04-app"; PROJECT=s9e04; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
  app:
    ports: !override ["127.0.0.1:$APP:8080"]
YML
compose up -d >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
sleep $WAIT
check app_echo 'curl -sf -d assunto=$SUBJECT -d mensagem=oi http://127.0.0.1:$APP/ | grep -q "$SUBJECT"'
sleep $WAIT
check app_logs 'compose logs app | grep -q "istening.*8080"'
