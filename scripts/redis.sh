#!/usr/bin/env bash
# A private Redis for this checkout: the Celery broker of the scale-out benchmark.
#
#   scripts/redis.sh start    install Debian's redis-server if missing (as root), start it on
#                             127.0.0.1 on a free port (idempotent: a running one is reused)
#   scripts/redis.sh stop     stop it
#   scripts/redis.sh url      print its URL (redis://127.0.0.1:PORT/0)
#
# No persistence (the broker's queue is rebuilt by the scheduler), a password generated on
# first start and kept in the git-ignored .local/secrets, state in .local/redis.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${NEWSEVENTS_STATE:-$ROOT/.local}
DIR=$STATE/redis
mkdir -p "$DIR"

log() { printf '[redis] %s\n' "$*" >&2; }

ensure_installed() {
    command -v redis-server >/dev/null 2>&1 && return
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        log "redis-server not found: installing Debian's redis-server"
        apt-get update -qq >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >&2
    else
        log "redis-server not found; install it (Debian: apt-get install -y redis-server)"
        exit 1
    fi
}

password() {
    mkdir -p "$STATE/secrets"
    chmod 700 "$STATE/secrets"
    if [ ! -s "$STATE/secrets/redis" ]; then
        python3 -c 'import secrets; print(secrets.token_hex(16))' >"$STATE/secrets/redis"
        chmod 600 "$STATE/secrets/redis"
    fi
    cat "$STATE/secrets/redis"
}

running() { [ -s "$DIR/redis.pid" ] && kill -0 "$(cat "$DIR/redis.pid")" 2>/dev/null; }

start() {
    ensure_installed
    if running; then
        log "already running on port $(cat "$DIR/port")"
        return
    fi
    local port
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    echo "$port" >"$DIR/port"
    # the password goes in a config file, not on the command line (ps would show it)
    printf 'requirepass %s\n' "$(password)" >"$DIR/redis.conf"
    chmod 600 "$DIR/redis.conf"
    redis-server "$DIR/redis.conf" --bind 127.0.0.1 --port "$port" --dir "$DIR" --save '' --appendonly no \
        --daemonize yes --pidfile "$DIR/redis.pid" --logfile "$DIR/redis.log"
    for _ in $(seq 1 50); do
        running && redis-cli -h 127.0.0.1 -p "$port" -a "$(password)" --no-auth-warning ping >/dev/null 2>&1 && break
        sleep 0.2
    done
    log "started on 127.0.0.1:$port"
}

stop() {
    if running; then
        kill "$(cat "$DIR/redis.pid")"
        for _ in $(seq 1 50); do running || break; sleep 0.2; done
        log "stopped"
    else
        log "not running"
    fi
    rm -f "$DIR/redis.pid"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) running || { log "not running: scripts/redis.sh start"; exit 1; }
         printf 'redis://:%s@127.0.0.1:%s/0\n' "$(password)" "$(cat "$DIR/port")" ;;
    *) echo "usage: $0 start|stop|url" >&2; exit 2 ;;
esac
