# Source me: the environment every make target, test and Airflow command runs in.
# Values already set by the user (WAREHOUSE_URL, AIRFLOW_CONN_WAREHOUSE,
# AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, ...) win over the embedded defaults.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export NEWSEVENTS_ROOT=$ROOT
export PATH="$ROOT/.venv/bin:$PATH"
export AIRFLOW_HOME=${AIRFLOW_HOME:-$ROOT/.local/airflow}
export AIRFLOW__CORE__DAGS_FOLDER=${AIRFLOW__CORE__DAGS_FOLDER:-$ROOT/dags}
export AIRFLOW__CORE__PLUGINS_FOLDER=${AIRFLOW__CORE__PLUGINS_FOLDER:-$ROOT/plugins}
export AIRFLOW__CORE__LOAD_EXAMPLES=False
export AIRFLOW__CORE__PARALLELISM=${AIRFLOW__CORE__PARALLELISM:-4}
export AIRFLOW__CORE__EXECUTOR=${AIRFLOW__CORE__EXECUTOR:-LocalExecutor}
export AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION=${AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION:-False}
export AIRFLOW__LOGGING__LOGGING_LEVEL=${AIRFLOW__LOGGING__LOGGING_LEVEL:-WARNING}
export NEWSEVENTS_ARCHIVE=${NEWSEVENTS_ARCHIVE:-$ROOT/seeds}
mkdir -p "$AIRFLOW_HOME"

if [ -s "$ROOT/.local/pg.port" ] && [ -x "$ROOT/scripts/pg.sh" ]; then
    _pg_url() { "$ROOT/scripts/pg.sh" url "$@" 2>/dev/null; }
    if [ -z "${AIRFLOW__DATABASE__SQL_ALCHEMY_CONN:-}" ]; then
        _u=$(_pg_url airflow) && export AIRFLOW__DATABASE__SQL_ALCHEMY_CONN=${_u/postgresql:/postgresql+psycopg2:}
    fi
    if [ -z "${WAREHOUSE_URL:-}" ] && [ -z "${AIRFLOW_CONN_WAREHOUSE:-}" ]; then
        _u=$(_pg_url warehouse) && export WAREHOUSE_URL=$_u
    fi
    if [ -z "${NEWSEVENTS_TEST_URL:-}" ]; then
        _u=$(_pg_url warehouse_test) && export NEWSEVENTS_TEST_URL=$_u
    fi
    if [ -z "${NEWSEVENTS_BENCH_URL:-}" ]; then
        _u=$(_pg_url warehouse_bench) && export NEWSEVENTS_BENCH_URL=$_u
    fi
    if [ -z "${NEWSEVENTS_READER_URL:-}" ]; then
        _u=$(_pg_url warehouse news_reader) && export NEWSEVENTS_READER_URL=$_u
    fi
    unset _u
fi
# One warehouse, two spellings: the Airflow Connection and the plain URL the CLI uses.
if [ -z "${AIRFLOW_CONN_WAREHOUSE:-}" ] && [ -n "${WAREHOUSE_URL:-}" ]; then
    export AIRFLOW_CONN_WAREHOUSE=$WAREHOUSE_URL
elif [ -z "${WAREHOUSE_URL:-}" ] && [ -n "${AIRFLOW_CONN_WAREHOUSE:-}" ]; then
    export WAREHOUSE_URL=$AIRFLOW_CONN_WAREHOUSE
fi
if [ -z "${AIRFLOW__CORE__FERNET_KEY:-}" ]; then
    mkdir -p "$ROOT/.local/secrets"
    if [ ! -s "$ROOT/.local/secrets/fernet" ]; then
        "$ROOT/.venv/bin/python" -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())' \
            >"$ROOT/.local/secrets/fernet" 2>/dev/null || true
        chmod 600 "$ROOT/.local/secrets/fernet" 2>/dev/null || true
    fi
    AIRFLOW__CORE__FERNET_KEY=$(cat "$ROOT/.local/secrets/fernet" 2>/dev/null || true)
    export AIRFLOW__CORE__FERNET_KEY
fi
