#!/bin/sh
. "$(dirname "$0")/lib.sh"
DIR="$EX/secao9/e01-db"; PROJECT=s9e01; FILES="-f $DIR/docker-compose.yml"; OVR=$(mktemp)
trap 'compose down -v --rmi local >/dev/null 2>&1; rm -f $OVR' EXIT
printf 'services: {}\n' > $OVR
compose up -d >/dev/null 2>&1; CODE=$?
sleep $UP
check up '[ $CODE -eq 0 ]'
check db_not_published '[ -z "$(docker port $(compose ps -q db))" ]'
sleep $WAIT
check lists_databases 'compose exec -T db psql -U postgres -c "\l" | grep -q template1'
