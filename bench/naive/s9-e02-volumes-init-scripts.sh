#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e02-volumes"; PROJECT=s9e02; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
printf 'services: {}\n' > $OVR
compose up -d >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
check volume_dados 'docker inspect -f "{{range .Mounts}}{{.Name}}:{{.Destination}} {{end}}" $(compose ps -q db) | grep -q "_dados:/var/lib/postgresql/data"'
sleep $WAIT
check table_emails '[ "$(compose exec -T db psql -U postgres -d email_sender -At -c "select column_name from information_schema.columns where table_name = '"'emails'"' order by 1" | tr "\n" " ")" = "assunto data id mensagem " ]'
sleep $WAIT
check check_sql 'compose exec -T db psql -U postgres -f /scripts/check.sql | grep -q email_sender'
