#!/bin/sh
# The official mongo entrypoint's contract: `docker run mongo --port 27018` means mongod with those options,
# and mongod drops root (setpriv from util-linux in place of gosu) after owning the data directories.
set -e
if [ "${1#-}" != "$1" ]; then
    set -- mongod "$@"
fi
if [ "$1" = mongod ] && [ "$(id -u)" = 0 ]; then
    find /data/db /data/configdb \! -user mongodb -exec chown mongodb:mongodb '{}' + 2>/dev/null || true
    exec setpriv --reuid=mongodb --regid=mongodb --init-groups "$0" "$@"
fi
exec "$@"
