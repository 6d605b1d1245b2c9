#!/usr/bin/env bash
# Install everything the project needs on a fresh machine: uv, then the locked
# environment in .venv (Airflow 3 and the project, bytecode compiled).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
PY=${PYTHON:-python3}
if ! command -v uv >/dev/null 2>&1; then
    if ! "$PY" -m uv --version >/dev/null 2>&1; then
        echo "[bootstrap] installing uv" >&2
        "$PY" -m pip install --quiet --disable-pip-version-check uv
    fi
    UV=("$PY" -m uv)
else
    UV=(uv)
fi
echo "[bootstrap] uv sync (locked)" >&2
"${UV[@]}" sync --frozen --extra airflow --python "$PY" --quiet
