#!/bin/sh
# The official redis entrypoint's contract, with setpriv (util-linux) in place of gosu.
set -e

# `docker run redis --port 6380` or `docker run redis /path/redis.conf` mean redis-server with those.
if [ "${1#-}" != "$1" ] || [ "${1%.conf}" != "$1" ]; then
    set -- redis-server "$@"
fi

# Start as root, fix ownership of the data directory, then come back as redis (or honour --user).
if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
    find . \! -user redis -exec chown redis '{}' +
    exec setpriv --reuid=redis --regid=redis --init-groups "$0" "$@"
fi

# The official binary is compiled with protected mode off, so other containers can connect without a
# password; Debian's is not, so switch it off here. A config file given first still has the last word,
# and so do the user's own options, which come later.
if [ "$1" = redis-server ]; then
    shift
    if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
        config=$1
        shift
        if grep -Eqs '^[[:space:]]*protected-mode[[:space:]]' "$config"; then
            set -- "$config" "$@"
        else
            set -- "$config" --protected-mode no "$@"
        fi
    else
        set -- --protected-mode no "$@"
    fi
    set -- redis-server "$@"
fi

# Keep new files private unless the caller chose a umask.
if [ "$(umask)" = 0022 ]; then
    umask 0077
fi

exec "$@"
