#!/bin/sh
# MongoDB is not available offline: the backend and frontend run without it (--no-deps), as in dockgrade.
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao8/e02-backend-test"; PROJECT=s8e02; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  backend:
    ports: !override ["127.0.0.1:$API:3000"]
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
compose up -d --no-deps backend frontend >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ] && [ "$(compose ps -q --status running | wc -l)" -eq 2 ]'
sleep $WAIT
check frontend_placeholder 'curl -sf http://127.0.0.1:$WEB/'
sleep $WAIT
check npm_install 'compose logs backend | grep -qE "added|up to date"'
