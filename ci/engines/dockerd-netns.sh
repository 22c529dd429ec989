#!/bin/sh
# Start or stop an extra Docker engine K (1..9) in its own network namespace, for multi-engine tests.
#
#   ci/engines/dockerd-netns.sh start K   prints: DOCKER_HOST=unix://… PROBE=10.23K.255.2
#   ci/engines/dockerd-netns.sh stop K
#
# Its own namespace gives it its own docker0, iptables rules and localhost: an extra dockerd in
# the host's namespace can delete the host engine's docker0 (see environment-notes, section 6).
# Root only. Its published ports are reachable from the host at the namespace's address.
set -eu

ACTION=${1:?start|stop}
K=${2:?engine number 1..9}
NS=dockgrade-ns$K
HOST_IF=dgve${K}h
NS_IF=dgve${K}c
NET=10.23$K.255
BASE=/var/lib/dockgrade-engines/$K
RUN=/run/dockgrade-engines/$K
SOCK=$RUN/docker.sock
LOG=/var/log/dockgrade-engine-$K.log

start() {
    mkdir -p "$BASE" "$RUN"
    if [ -S "$SOCK" ] && DOCKER_HOST=unix://$SOCK docker info >/dev/null 2>&1; then
        report; return 0
    fi
    ip netns add "$NS" 2>/dev/null || true
    if ! ip link show "$HOST_IF" >/dev/null 2>&1; then
        ip link add "$HOST_IF" type veth peer name "$NS_IF"
        ip link set "$NS_IF" netns "$NS"
        ip addr add "$NET.1/30" dev "$HOST_IF"
        ip link set "$HOST_IF" up
        ip netns exec "$NS" ip addr add "$NET.2/30" dev "$NS_IF"
        ip netns exec "$NS" ip link set "$NS_IF" up
        ip netns exec "$NS" ip link set lo up
        ip netns exec "$NS" ip route add default via "$NET.1"
    fi
    sysctl -q -w net.ipv4.ip_forward=1
    iptables -C DOCKER-USER -i "$HOST_IF" -j ACCEPT 2>/dev/null || iptables -I DOCKER-USER -i "$HOST_IF" -j ACCEPT
    iptables -C DOCKER-USER -o "$HOST_IF" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null \
        || iptables -I DOCKER-USER -o "$HOST_IF" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
    iptables -t nat -C POSTROUTING -s "$NET.0/30" -j MASQUERADE 2>/dev/null \
        || iptables -t nat -A POSTROUTING -s "$NET.0/30" -j MASQUERADE
    # A stale network store makes dockerd 20.10 delete a docker0 at start; start from a clean one.
    rm -f "$BASE/network/files/local-kv.db" "$RUN/docker.pid"
    nohup nsenter --net="/run/netns/$NS" dockerd --data-root "$BASE" --exec-root "$RUN/exec" \
        --pidfile "$RUN/docker.pid" -H "unix://$SOCK" >>"$LOG" 2>&1 </dev/null &
    waited=0
    until DOCKER_HOST=unix://$SOCK docker info >/dev/null 2>&1; do
        waited=$((waited + 1))
        [ "$waited" -le 60 ] || { echo "engine $K did not start; see $LOG" >&2; exit 1; }
        sleep 1
    done
    report
}

report() { echo "DOCKER_HOST=unix://$SOCK PROBE=$NET.2"; }

stop() {
    if [ -f "$RUN/docker.pid" ]; then
        kill "$(cat "$RUN/docker.pid")" 2>/dev/null || true
        waited=0
        while [ -f "$RUN/docker.pid" ] && [ "$waited" -lt 30 ]; do sleep 1; waited=$((waited + 1)); done
    fi
    umount "$RUN/exec/netns/default" 2>/dev/null || true
    iptables -D DOCKER-USER -i "$HOST_IF" -j ACCEPT 2>/dev/null || true
    iptables -D DOCKER-USER -o "$HOST_IF" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT 2>/dev/null || true
    iptables -t nat -D POSTROUTING -s "$NET.0/30" -j MASQUERADE 2>/dev/null || true
    ip link del "$HOST_IF" 2>/dev/null || true
    ip netns del "$NS" 2>/dev/null || true
}

case "$ACTION" in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop K" >&2; exit 2 ;;
esac
