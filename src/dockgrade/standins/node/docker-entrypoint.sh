#!/bin/sh
# As in the official node image: `docker run node app.js` and `docker run node -e '...'` run node.
set -e
if [ "${1#-}" != "$1" ] || [ -z "$(command -v "$1")" ] || { [ -f "$1" ] && ! [ -x "$1" ]; }; then
    set -- node "$@"
fi
exec "$@"
