#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e07-queue"; PROJECT=s9e07; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
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
curl -sf -d assunto=$SUBJECT -d mensagem=fila http://127.0.0.1:$WEB/api >/dev/null
sleep $WAIT
check row_per_post '[ "$(compose exec -T db psql -U postgres -d email_sender -At -c "select count(*) from emails where assunto = '"'$SUBJECT'"'")" = 1 ]'
sleep $WAIT
check queue_drained '[ "$(compose exec -T queue redis-cli llen sender | tr -d "\r")" = 0 ]'
sleep $WAIT
check worker_logs_subject 'compose logs worker | grep -q "$SUBJECT"'
