#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e10-override"; PROJECT=s9e10; OVR=$(mktemp)
FILES="-f $DIR/docker-compose.yml -f $DIR/docker-compose.override.yml"
trap 'compose down -v --rmi local >/dev/null 2>&1; PROJECT=s9e10-base; compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
compose up -d --build --scale worker=3 >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
sleep $WAIT
check override_sets_db_name '[ "$(compose exec -T app printenv DB_NAME)" = email_sender ]'
sleep $WAIT
curl -sf -d assunto=$SUBJECT -d mensagem=fim http://127.0.0.1:$WEB/api | grep -q "$SUBJECT"; ECHO=$?
sleep $WAIT
check full_flow '[ $ECHO -eq 0 ] && [ "$(compose exec -T db psql -U postgres -d email_sender -At -c "select count(*) from emails where assunto = '"'$SUBJECT'"'")" = 1 ] && sleep $WAIT && compose logs worker | grep -q "$SUBJECT"'
sleep $WAIT
check isolation '! compose exec -T frontend getent hosts db && ! compose exec -T worker getent hosts db'
compose down -v --rmi local >/dev/null 2>&1
# Only the base file, without the override: the app must not work.
PROJECT=s9e10-base; FILES="-f $DIR/docker-compose.yml"
compose up -d --build >/dev/null 2>&1
sleep $UP
sleep $WAIT
check base_alone_fails '! curl -sf -d assunto=x -d mensagem=x http://127.0.0.1:$WEB/api'
