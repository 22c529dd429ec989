#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e09-env"; PROJECT=s9e09; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; PROJECT=s9e09-wrong; compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
cat > $OVR <<YML
services:
  frontend:
    ports: !override ["127.0.0.1:$WEB:80"]
YML
compose up -d --build >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
sleep $WAIT
check db_name_honoured '[ "$(compose exec -T app printenv DB_NAME)" = email_sender ] && curl -sf -d assunto=$SUBJECT -d mensagem=env http://127.0.0.1:$WEB/api && sleep $WAIT && [ "$(compose exec -T db psql -U postgres -d email_sender -At -c "select count(*) from emails where assunto = '"'$SUBJECT'"'")" = 1 ]'
compose down -v --rmi local >/dev/null 2>&1
# The same project with a wrong DB_NAME: the app must not work.
PROJECT=s9e09-wrong
cat >> $OVR <<YML
  app:
    environment: {DB_NAME: dockgrade_inexistente}
YML
compose up -d --build >/dev/null 2>&1
sleep $UP
sleep $WAIT
check wrong_db_name_breaks '! curl -sf -d assunto=x -d mensagem=x http://127.0.0.1:$WEB/api'
