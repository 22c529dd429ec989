#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e03-frontend"; PROJECT=s9e03; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
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
check serves_form 'curl -sf http://127.0.0.1:$WEB/ > /tmp/$N-form && grep -qi "e-mail sender" /tmp/$N-form && grep -q "name=\"assunto\"" /tmp/$N-form && grep -q "<textarea.*name=\"mensagem\"" /tmp/$N-form'
rm -f /tmp/$N-form
