#!/usr/bin/env bash
# Backfill news_events over a date range locally, in one command, and wait for it.
#
#   scripts/backfill.sh FROM TO [ARCHIVE] [--run-backwards]
#
# Starts the local Airflow (scripts/airflow.sh) if it is not running, creates the backfill
# with `airflow backfill create ... --reprocess-behavior completed` (re-running a range
# reprocesses it; every write is idempotent), waits until every run of the range has
# finished, and exits non-zero if any failed.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
from=${1:?usage: backfill.sh FROM TO [ARCHIVE] [--run-backwards]}
to=${2:?usage: backfill.sh FROM TO [ARCHIVE] [--run-backwards]}
archive=${3:-${NEWSEVENTS_ARCHIVE:-$ROOT/seeds}}
extra=()
[ "${4:-}" = "--run-backwards" ] && extra+=(--run-backwards)
archive=$(cd "$archive" && pwd)

"$ROOT/scripts/airflow.sh" start >/dev/null
source "$ROOT/scripts/env.sh"
eval "$("$ROOT/scripts/airflow.sh" env | sed 's/^/export /')"
url=$("$ROOT/scripts/airflow.sh" url)
conf=$(printf '{"archive": "%s", "whole_archive": false}' "$archive")

token() {
    curl -fsS -X POST "$url/auth/token" -H 'Content-Type: application/json' \
        -d "{\"username\": \"${NEWSEVENTS_UI_USER:-admin}\", \"password\": \"$(cat "$ROOT/.local/secrets/ui-password")\"}" |
        python -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

echo "[backfill] news_events $from .. $to over $archive ${extra[*]:-}" >&2
body=$(python - "$from" "$to" "$conf" "${extra[@]:-}" <<'PY'
import json, sys
frm, to, conf = sys.argv[1:4]
print(json.dumps({"dag_id": "news_events", "from_date": f"{frm}T00:00:00Z", "to_date": f"{to}T00:00:00Z",
                  "run_backwards": "--run-backwards" in sys.argv[4:], "dag_run_conf": json.loads(conf),
                  "reprocess_behavior": "completed", "max_active_runs": 2}))
PY
)
resp=$(curl -fsS -X POST "$url/api/v2/backfills" -H "Authorization: Bearer $(token)" \
    -H 'Content-Type: application/json' -d "$body")
id=$(printf '%s' "$resp" | python -c 'import json, sys; print(json.load(sys.stdin)["id"])')
echo "[backfill] backfill $id created; waiting" >&2

deadline=$((SECONDS + ${BACKFILL_TIMEOUT:-3600}))
while :; do
    state=$(curl -fsS "$url/api/v2/dags/news_events/dagRuns?limit=1000&run_type=backfill&logical_date_gte=${from}T00:00:00Z&logical_date_lte=${to}T00:00:00Z" \
        -H "Authorization: Bearer $(token)" | python -c '
import json, sys
states = [r["state"] for r in json.load(sys.stdin)["dag_runs"]]
done = all(s in ("success", "failed") for s in states)
print(len(states), states.count("success"), states.count("failed"), int(done))
')
    read -r total ok failed done <<<"$state"
    completed=$(curl -fsS "$url/api/v2/backfills/$id" -H "Authorization: Bearer $(token)" |
        python -c 'import json, sys; print(int(bool(json.load(sys.stdin).get("completed_at"))))')
    if [ "$completed" = 1 ] && [ "$done" = 1 ]; then break; fi
    [ $SECONDS -gt $deadline ] && { echo "[backfill] timed out: $ok/$total succeeded" >&2; exit 1; }
    sleep 5
done
echo "[backfill] $ok of $total runs succeeded, $failed failed" >&2
[ "$failed" = 0 ]
