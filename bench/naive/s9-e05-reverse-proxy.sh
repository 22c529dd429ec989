#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e05-proxy"; PROJECT=s9e05; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
compose up -d >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
sleep $WAIT
check api_through_proxy 'curl -sf -d assunto=$SUBJECT -d mensagem=proxy http://127.0.0.1:$WEB/api | grep -q "$SUBJECT"'
check app_port_closed '[ -z "$(docker port $(compose ps -q app))" ]'
sleep $WAIT
check nginx_api_location 'compose exec -T frontend nginx -T 2>/dev/null | grep -q "location /api"'
