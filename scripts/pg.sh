#!/usr/bin/env bash
# A private PostgreSQL for this checkout: the Airflow metadata database and the warehouse.
#
#   scripts/pg.sh start    initdb on first use, start on a free loopback port, create
#                          the roles and databases; idempotent (a running server is reused)
#   scripts/pg.sh stop     stop it
#   scripts/pg.sh status   say whether it runs, and where
#   scripts/pg.sh url DB   print the connection URL of database DB (warehouse, airflow)
#
# As root, initdb and postgres refuse to run, so they run as the `postgres` user on a data
# directory that user owns. Credentials are generated on first start and kept in the
# git-ignored state folder; nothing secret is committed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STATE=${NEWSEVENTS_STATE:-$ROOT/.local}
PGUSER_OS=postgres
APP_ROLE=newsevents
READ_ROLE=news_reader

log() { printf '[pg] %s\n' "$*" >&2; }

as_pg() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u "$PGUSER_OS" -- "$@"
    else
        "$@"
    fi
}

pg_bindir() {
    local d
    if command -v pg_config >/dev/null 2>&1; then
        d=$(pg_config --bindir 2>/dev/null || true)
        [ -x "$d/initdb" ] && { echo "$d"; return; }
    fi
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
            log "PostgreSQL server binaries not found: installing Debian's postgresql"
            apt-get update -qq >&2
            DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
            d=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
        else
            log "PostgreSQL server binaries (initdb, pg_ctl) not found; install PostgreSQL 15+"
            exit 1
        fi
    fi
    echo "$d"
}

# The data directory must be readable by the postgres user: inside the checkout when the
# path is traversable by that user, else under /var/tmp keyed by the checkout's path.
data_root() {
    if [ -n "${NEWSEVENTS_PGROOT:-}" ]; then echo "$NEWSEVENTS_PGROOT"; return; fi
    mkdir -p "$STATE"
    if [ "$(id -u)" != 0 ] || runuser -u "$PGUSER_OS" -- test -x "$STATE"; then
        echo "$STATE/pg"
    else
        echo "/var/tmp/newsevents-pg-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    fi
}

PGROOT=$(data_root)
PGDATA=$PGROOT/data
SECRETS=$STATE/secrets

free_port() {
    python3 - <<'PY'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

secret() {  # secret NAME: generate once, then reuse
    mkdir -p "$SECRETS"
    chmod 700 "$SECRETS"
    if [ ! -s "$SECRETS/$1" ]; then
        python3 -c 'import secrets; print(secrets.token_urlsafe(24))' >"$SECRETS/$1"
        chmod 600 "$SECRETS/$1"
    fi
    cat "$SECRETS/$1"
}

running() {
    [ -f "$PGDATA/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1
}

psql_super() {  # run SQL as the superuser over TCP
    PGPASSWORD=$(secret postgres) "$BIN/psql" -X -q -v ON_ERROR_STOP=1 \
        -h 127.0.0.1 -p "$(cat "$PGROOT/port")" -U postgres "$@"
}

ensure_role_db() {
    local app_pw read_pw
    app_pw=$(secret "$APP_ROLE")
    read_pw=$(secret "$READ_ROLE")
    psql_super -d postgres <<SQL
SELECT 'CREATE ROLE $APP_ROLE LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE')\gexec
ALTER ROLE $APP_ROLE WITH LOGIN PASSWORD '$app_pw';
SELECT 'CREATE ROLE $READ_ROLE LOGIN' WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$READ_ROLE')\gexec
ALTER ROLE $READ_ROLE WITH LOGIN PASSWORD '$read_pw';
SELECT 'CREATE DATABASE warehouse OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'warehouse')\gexec
SELECT 'CREATE DATABASE airflow OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'airflow')\gexec
SELECT 'CREATE DATABASE warehouse_test OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'warehouse_test')\gexec
SELECT 'CREATE DATABASE warehouse_bench OWNER $APP_ROLE' WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'warehouse_bench')\gexec
SQL
}

start() {
    if [ ! -s "$PGDATA/PG_VERSION" ]; then
        log "initdb in $PGDATA"
        mkdir -p "$PGROOT"
        [ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$PGROOT"
        chmod 700 "$PGROOT"
        local pwfile
        pwfile=$(mktemp)
        secret postgres >"$pwfile"
        [ "$(id -u)" = 0 ] && chown "$PGUSER_OS" "$pwfile"
        as_pg "$BIN/initdb" -D "$PGDATA" -U postgres --pwfile="$pwfile" \
            --auth-local=scram-sha-256 --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
        rm -f "$pwfile"
    fi
    if running; then
        log "already running on port $(cat "$PGROOT/port")"
    else
        local port
        port=$(free_port)
        echo "$port" >"$PGROOT/port"
        chmod 644 "$PGROOT/port"
        log "starting on 127.0.0.1:$port"
        as_pg "$BIN/pg_ctl" -D "$PGDATA" -l "$PGROOT/server.log" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='$PGROOT' -c max_connections=200 -c fsync=on" \
            start >/dev/null
    fi
    ensure_role_db
    cp "$PGROOT/port" "$STATE/pg.port"
}

url() {
    local db=${1:-warehouse} role=${2:-$APP_ROLE}
    printf 'postgresql://%s:%s@127.0.0.1:%s/%s\n' "$role" "$(secret "$role")" "$(cat "$PGROOT/port")" "$db"
}

BIN=$(pg_bindir)
case "${1:-}" in
    start) start ;;
    stop) if running; then as_pg "$BIN/pg_ctl" -D "$PGDATA" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi ;;
    status) if running; then echo "running on 127.0.0.1:$(cat "$PGROOT/port") (data: $PGDATA)"; else echo "not running"; exit 3; fi ;;
    url) running || { log "not running: scripts/pg.sh start"; exit 1; }; url "${2:-warehouse}" "${3:-$APP_ROLE}" ;;
    *) echo "usage: $0 start|stop|status|url [DB] [ROLE]" >&2; exit 2 ;;
esac
