#!/bin/sh
# Offline there is no registry to pull from: the image is already here, as the course's `pull` leaves it.
. "$(dirname "$0")/lib.sh"
trap 'docker rmi $N-cod3r-redis >/dev/null 2>&1' EXIT
check script_runs 'docker image inspect redis:latest && docker image tag redis:latest $N-cod3r-redis && docker image ls'
check tag_shares_id '[ "$(docker image inspect -f "{{.Id}}" redis:latest)" = "$(docker image inspect -f "{{.Id}}" $N-cod3r-redis)" ]'
docker image rm $N-cod3r-redis >/dev/null
check tags_removed '! docker image inspect $N-cod3r-redis'
