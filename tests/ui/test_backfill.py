"""`make backfill` on the local scheduler over a generated dated archive: a second
backfill of the same range changes no row, and running the range backwards into an empty
warehouse gives the same rows."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration, pytest.mark.dag]
ROOT = Path(__file__).resolve().parents[2]
FROM, TO = "2024-11-01", "2024-11-04"


def backfill(env, archive, *extra):
    out = subprocess.run([str(ROOT / "scripts" / "backfill.sh"), FROM, TO, str(archive), *extra],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert out.returncode == 0, f"backfill failed:\n{out.stdout}\n{out.stderr[-3000:]}"
    return out.stderr


def test_backfill_is_idempotent_and_order_independent(test_url, tmp_path):
    from newsevents import warehouse
    from tests.integration.conftest import reset

    status = subprocess.run([str(ROOT / "scripts" / "airflow.sh"), "status"], capture_output=True, text=True)
    if "running" in status.stdout:
        pytest.skip("a local Airflow is already running with its own warehouse; stop it (make airflow-stop)")
    import importlib.util
    spec = importlib.util.spec_from_file_location("generate_archive", ROOT / "scripts" / "generate_archive.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    archive = tmp_path / "archive"
    gen.generate(archive, date.fromisoformat(FROM), 5, seed=3)

    env = dict(os.environ, WAREHOUSE_URL=test_url, AIRFLOW_CONN_WAREHOUSE=test_url)
    tables = [t for t in warehouse.CONTENT_TABLES if not t.startswith("ops.")]
    conn = warehouse.connect(test_url)
    try:
        reset(conn)
        log = backfill(env, archive)
        assert "0 failed" in log
        first = warehouse.table_checksums(conn, tables)
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM raw.documents")
            assert cur.fetchone()[0] > 10
            cur.execute("SELECT count(*) FROM core.events")
            assert cur.fetchone()[0] > 0
        conn.rollback()
        backfill(env, archive)
        assert warehouse.table_checksums(conn, tables) == first, "re-running the range changed rows"
        reset(conn)
        backfill(env, archive, "--run-backwards")
        assert warehouse.table_checksums(conn, tables) == first, "running backwards gave other rows"
    finally:
        conn.close()
        subprocess.run([str(ROOT / "scripts" / "airflow.sh"), "stop"], env=env, capture_output=True, timeout=120)
