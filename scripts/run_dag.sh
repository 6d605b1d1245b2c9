#!/usr/bin/env bash
# Run one DAG run in-process with `airflow dags test` and fail unless it succeeded
# (a failed task does not make `airflow dags test` exit non-zero).
#   scripts/run_dag.sh DAG_ID LOGICAL_DATE [CONF_JSON]
set -euo pipefail
dag_id=$1 logical_date=$2 conf=${3:-"{}"}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "[run] airflow dags test $dag_id $logical_date $conf" >&2
if ! airflow dags test "$dag_id" "$logical_date" -c "$conf" >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    exit 1
fi
state=$(airflow dags state "$dag_id" "$logical_date" 2>/dev/null | tail -n 1)
case "$state" in
    *success*) echo "[run] $dag_id $logical_date: success" >&2 ;;
    *) grep -E "ERROR|Traceback|Error:|failed" "$log" | tail -n 40 >&2 || true
       echo "[run] $dag_id $logical_date finished in state: ${state:-unknown}" >&2
       exit 1 ;;
esac
