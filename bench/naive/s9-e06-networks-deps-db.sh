#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e06-networks"; PROJECT=s9e06; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
nets() { docker inspect -f '{{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}' $(compose ps -q $1); }
compose up -d >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
check networks '[ "$(nets db)" = "$N-${PROJECT}_banco " ] && [ "$(nets frontend)" = "$N-${PROJECT}_web " ] && [ "$(nets app)" = "$N-${PROJECT}_banco $N-${PROJECT}_web " ]'
sleep $WAIT
curl -sf -d assunto=$SUBJECT -d mensagem=linha http://127.0.0.1:$WEB/api >/dev/null
sleep $WAIT
check row_per_post '[ "$(compose exec -T db psql -U postgres -d email_sender -At -c "select count(*) from emails where assunto = '"'$SUBJECT'"'")" = 1 ]'
sleep $WAIT
check frontend_isolated '! compose exec -T frontend getent hosts db'
