#!/usr/bin/env bash
# The Airflow UI locally: scheduler, dag-processor, triggerer and api-server
# (LocalExecutor) on 127.0.0.1 against the private PostgreSQL.
#
#   scripts/airflow.sh start    start (or reuse) every component, wait for health, print the address
#   scripts/airflow.sh stop     stop them
#   scripts/airflow.sh status   show what runs
#   scripts/airflow.sh url      print the api-server base URL
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=env.sh
source "$ROOT/scripts/env.sh"
RUN=$ROOT/.local/airflow/run
mkdir -p "$RUN"
COMPONENTS=(api-server scheduler dag-processor triggerer)
USER_NAME=${NEWSEVENTS_UI_USER:-admin}

secret() {  # secret NAME [BYTES]: generated once, then reused
    local f=$ROOT/.local/secrets/$1
    mkdir -p "$(dirname "$f")"
    [ -s "$f" ] || { python -c "import secrets; print(secrets.token_urlsafe(${2:-24}))" >"$f"; chmod 600 "$f"; }
    cat "$f"
}

port() {
    if [ ! -s "$RUN/port" ]; then
        python - >"$RUN/port" <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
    fi
    cat "$RUN/port"
}

setup_env() {
    local p
    p=$(port)
    export AIRFLOW__API__HOST=127.0.0.1
    export AIRFLOW__API__PORT=$p
    export AIRFLOW__API__BASE_URL=http://127.0.0.1:$p
    export AIRFLOW__CORE__EXECUTION_API_SERVER_URL=http://127.0.0.1:$p/execution/
    AIRFLOW__API_AUTH__JWT_SECRET=$(secret jwt-hs512 64)  # HS512 wants a key of 64 bytes or more
    export AIRFLOW__API_AUTH__JWT_SECRET
    export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS="$USER_NAME:admin"
    export AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE=$ROOT/.local/secrets/ui-passwords.json
    if [ ! -s "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE" ]; then
        printf '{"%s": "%s"}\n' "$USER_NAME" "$(secret ui-password)" >"$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"
        chmod 600 "$AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE"
    fi
    export AIRFLOW__CORE__EXECUTOR=LocalExecutor
    export AIRFLOW__SCHEDULER__STANDALONE_DAG_PROCESSOR=True
    export AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL=${AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL:-30}
}

alive() { [ -s "$RUN/$1.pid" ] && kill -0 "$(cat "$RUN/$1.pid")" 2>/dev/null; }

start() {
    "$ROOT/scripts/pg.sh" start
    setup_env
    airflow db migrate >/dev/null 2>&1 || airflow db migrate
    for c in "${COMPONENTS[@]}"; do
        if alive "$c"; then continue; fi
        # setsid: each component leads its own process group, so stop can end its children
        setsid nohup airflow "$c" >"$RUN/$c.log" 2>&1 </dev/null &
        echo $! >"$RUN/$c.pid"
    done
    local url=$AIRFLOW__API__BASE_URL deadline=$((SECONDS + 180))
    until curl -fsS "$url/api/v2/monitor/health" >/dev/null 2>&1; do
        if [ $SECONDS -gt $deadline ]; then
            echo "api-server did not become healthy; see $RUN/api-server.log" >&2
            tail -n 30 "$RUN/api-server.log" >&2
            exit 1
        fi
        sleep 2
    done
    # Unpause the project's DAGs as soon as the dag-processor has registered them.
    deadline=$((SECONDS + 180))
    for dag in news_events news_reports; do
        until airflow dags unpause "$dag" >/dev/null 2>&1; do
            [ $SECONDS -gt $deadline ] && { echo "DAG $dag not registered yet; see $RUN/dag-processor.log" >&2; break; }
            sleep 3
        done
    done
    cat <<EOF
Airflow UI: $url
  log in as: $USER_NAME / $(secret ui-password)
  warehouse connection: AIRFLOW_CONN_WAREHOUSE (the private PostgreSQL unless set)
  logs: $RUN/*.log
  stop:  make airflow-stop
EOF
}

stop() {
    for c in "${COMPONENTS[@]}"; do
        if alive "$c"; then
            kill -TERM -- "-$(cat "$RUN/$c.pid")" 2>/dev/null || kill -TERM "$(cat "$RUN/$c.pid")" 2>/dev/null || true
        fi
    done
    for _ in $(seq 1 30); do
        local any=0
        for c in "${COMPONENTS[@]}"; do alive "$c" && any=1; done
        [ $any = 0 ] && break
        sleep 1
    done
    for c in "${COMPONENTS[@]}"; do
        alive "$c" && kill -KILL -- "-$(cat "$RUN/$c.pid")" 2>/dev/null || true
        rm -f "$RUN/$c.pid"
    done
    echo "Airflow stopped"
}

status() {
    for c in "${COMPONENTS[@]}"; do
        if alive "$c"; then echo "$c: running (pid $(cat "$RUN/$c.pid"))"; else echo "$c: stopped"; fi
    done
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    url) setup_env; echo "$AIRFLOW__API__BASE_URL" ;;
    env) setup_env; env | grep -E '^AIRFLOW__(API|API_AUTH|CORE__EXECUTION|CORE__SIMPLE)' ;;
    *) echo "usage: $0 start|stop|status|url" >&2; exit 2 ;;
esac
