#!/usr/bin/env bash
# The official postgres entrypoint's contract, written anew for Debian's packages:
# POSTGRES_PASSWORD / _USER / _DB / _INITDB_ARGS / _HOST_AUTH_METHOD (and the *_FILE forms),
# /docker-entrypoint-initdb.d on an empty data directory only, and root dropped to postgres.
set -Eeo pipefail

# POSTGRES_X may also come from the file named by POSTGRES_X_FILE (Docker secrets).
file_env() {
    local var=$1 default=${2:-} file_var="${1}_FILE"
    if [ -n "${!var:-}" ] && [ -n "${!file_var:-}" ]; then
        printf >&2 'error: both %s and %s are set (but are exclusive)\n' "$var" "$file_var"
        exit 1
    fi
    local value=$default
    if [ -n "${!var:-}" ]; then
        value=${!var}
    elif [ -n "${!file_var:-}" ]; then
        value=$(<"${!file_var}")
    fi
    export "$var"="$value"
    unset "$file_var"
}

setup_env() {
    file_env POSTGRES_PASSWORD
    file_env POSTGRES_USER postgres
    file_env POSTGRES_DB "$POSTGRES_USER"
    file_env POSTGRES_INITDB_ARGS
    : "${POSTGRES_HOST_AUTH_METHOD:=}"
    DATABASE_ALREADY_EXISTS=
    if [ -s "$PGDATA/PG_VERSION" ]; then
        DATABASE_ALREADY_EXISTS=true
    fi
}

# The data directory may be a fresh volume or a bind mount owned by someone else: root fixes the owner.
create_db_directories() {
    mkdir -p "$PGDATA"
    chmod 00700 "$PGDATA" || :
    mkdir -p /var/run/postgresql
    chmod 03775 /var/run/postgresql || :
    if [ "$(id -u)" = 0 ]; then
        find "$PGDATA" \! -user postgres -exec chown postgres '{}' +
        find /var/run/postgresql \! -user postgres -exec chown postgres '{}' +
    fi
}

verify_minimum_env() {
    if [ -z "$POSTGRES_PASSWORD" ] && [ "$POSTGRES_HOST_AUTH_METHOD" != trust ]; then
        cat >&2 <<-'EOM'
			Error: Database is uninitialized and superuser password is not specified.
			       You must specify POSTGRES_PASSWORD to a non-empty value for the
			       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".

			       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all
			       connections without a password. This is *not* recommended.
		EOM
        exit 1
    fi
    if [ "$POSTGRES_HOST_AUTH_METHOD" = trust ]; then
        cat >&2 <<-'EOM'
			********************************************************************************
			WARNING: POSTGRES_HOST_AUTH_METHOD has been set to "trust". This will allow
			         anyone with access to the Postgres port to access your database without
			         a password, even if POSTGRES_PASSWORD is set.
			********************************************************************************
		EOM
    fi
}

init_database_dir() {
    # An empty password still needs its newline: initdb refuses an empty password file.
    eval 'initdb --username="$POSTGRES_USER" --pwfile=<(printf "%s\n" "$POSTGRES_PASSWORD") '"$POSTGRES_INITDB_ARGS"
}

# Remote hosts authenticate with the cluster's password_encryption (scram-sha-256) unless told otherwise.
setup_hba_conf() {
    local auth
    auth=$(postgres -C password_encryption "$@")
    : "${POSTGRES_HOST_AUTH_METHOD:=$auth}"
    printf '\nhost all all all %s\n' "$POSTGRES_HOST_AUTH_METHOD" >>"$PGDATA/pg_hba.conf"
}

# psql against POSTGRES_DB as POSTGRES_USER over the local socket, stopping at the first error.
docker_process_sql() {
    PGHOST='' PGHOSTADDR='' psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --no-password --no-psqlrc \
        --dbname "$POSTGRES_DB" "$@"
}

# Only the unix socket listens while init scripts run, so nobody connects to a half-made database.
temp_server_start() {
    set -- "$@" -c listen_addresses='' -p "${PGPORT:-5432}"
    PGUSER="${PGUSER:-$POSTGRES_USER}" pg_ctl -D "$PGDATA" -o "$(printf '%q ' "$@")" -w start
}

temp_server_stop() {
    PGUSER="${PGUSER:-postgres}" pg_ctl -D "$PGDATA" -m fast -w stop
}

setup_db() {
    if [ "$POSTGRES_DB" != postgres ]; then
        local db=$POSTGRES_DB
        POSTGRES_DB=postgres docker_process_sql --set db="$db" <<-'EOSQL'
			CREATE DATABASE :"db" ;
		EOSQL
        printf '\n'
    fi
}

# *.sh files run when executable and are sourced otherwise (they then see these functions); *.sql run in psql.
process_init_files() {
    local f
    # Sourced scripts written for the official image call "${psql[@]}".
    # shellcheck disable=SC2034
    local -a psql=(docker_process_sql)
    printf '\n'
    for f; do
        case "$f" in
            *.sh)
                if [ -x "$f" ]; then
                    printf '%s: running %s\n' "$0" "$f"
                    "$f"
                else
                    printf '%s: sourcing %s\n' "$0" "$f"
                    # shellcheck disable=SC1090
                    . "$f"
                fi
                ;;
            *.sql) printf '%s: running %s\n' "$0" "$f"; docker_process_sql -f "$f"; printf '\n' ;;
            *.sql.gz) printf '%s: running %s\n' "$0" "$f"; gunzip -c "$f" | docker_process_sql; printf '\n' ;;
            *) printf '%s: ignoring %s\n' "$0" "$f" ;;
        esac
        printf '\n'
    done
}

main() {
    # `docker run postgres -c key=value` means the server with those options.
    if [ "${1:0:1}" = - ]; then
        set -- postgres "$@"
    fi
    if [ "$1" != postgres ]; then
        exec "$@"
    fi

    setup_env
    create_db_directories
    if [ "$(id -u)" = 0 ]; then
        HOME=/var/lib/postgresql exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
    fi

    if [ -z "$DATABASE_ALREADY_EXISTS" ]; then
        verify_minimum_env
        # Fail before initdb, not halfway, when the init folder is unreadable to postgres.
        ls /docker-entrypoint-initdb.d/ >/dev/null
        init_database_dir
        setup_hba_conf "${@:2}"
        export PGPASSWORD="${PGPASSWORD:-$POSTGRES_PASSWORD}"
        temp_server_start "${@:2}"
        setup_db
        process_init_files /docker-entrypoint-initdb.d/*
        temp_server_stop
        unset PGPASSWORD
        printf '\nPostgreSQL init process complete; ready for start up.\n\n'
    else
        printf '\nPostgreSQL Database directory appears to contain a database; Skipping initialization\n\n'
    fi
    exec "$@"
}

main "$@"
