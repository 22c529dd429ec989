#!/bin/sh
. "$(dirname "$0")/lib.sh"
check compose_files_valid 'for f in $(find "$EX" -name docker-compose.yml -not -path "*/node_modules/*"); do docker compose --project-directory "$(dirname "$f")" config -q || exit 1; done'
