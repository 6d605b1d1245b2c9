"""The benchmark's own database: emptied and migrated before each measurement.

Why: every figure starts from a known warehouse, and a benchmark must never wipe a
warehouse someone uses: only a database named ``warehouse_bench`` is reset (the private
PostgreSQL's, NEWSEVENTS_BENCH_URL in scripts/env.sh), unless
NEWSEVENTS_BENCH_ANY_DATABASE=1 says otherwise.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "include"))

SCHEMAS = ("mart", "core", "staging", "raw", "ops")


def reset(url: str) -> None:
    from newsevents import warehouse

    conn = warehouse.connect(url)
    try:
        with warehouse.transaction(conn) as cur:
            cur.execute("SELECT current_database()")
            if cur.fetchone()[0] != "warehouse_bench" and not os.environ.get("NEWSEVENTS_BENCH_ANY_DATABASE"):
                raise SystemExit("refusing to wipe a database not named warehouse_bench "
                                 "(set NEWSEVENTS_BENCH_ANY_DATABASE=1 to allow it)")
            cur.execute("""SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                           WHERE datname = current_database() AND pid <> pg_backend_pid()""")
            for s in SCHEMAS:
                cur.execute(f"DROP SCHEMA IF EXISTS {s} CASCADE")
        warehouse.migrate(conn)
    finally:
        conn.close()


def scalar(conn, sql: str, params=None):
    """One value from one query, leaving no transaction open."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
        value = cur.fetchone()[0]
    conn.rollback()
    return value
