#!/usr/bin/env python3
"""What monthly partitions cost a table that is reached by content hash.

    python bench/pipeline/partition_probe.py --url URL [--rows 1000000] [--months 120]

Why: migration 050 partitions the claim tables by month but leaves documents and
paragraphs keyed by hash. This is the measurement behind that choice: the same rows
(64-hex ids, a month, 200 bytes of payload) in a plain table, in ``--months`` monthly
partitions, and with an id -> month lookup table; then the stages' access pattern, 500
documents fetched by id, each way (best of 10 after two warm-ups). It works in a scratch
schema ``bench_probe`` that it drops at the end. Prints one JSON object (milliseconds).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "include"))

QUERIES = {
    "plain_by_id": "SELECT count(*) FROM bench_probe.plain WHERE doc_id = ANY(%(ids)s)",
    "partitioned_by_id": "SELECT count(*) FROM bench_probe.part WHERE doc_id = ANY(%(ids)s)",
    "partitioned_by_id_and_months": ("SELECT count(*) FROM bench_probe.part "
                                     "WHERE doc_id = ANY(%(ids)s) AND month = ANY(%(months)s)"),
    "partitioned_via_month_table": ("SELECT count(*) FROM bench_probe.keys k JOIN bench_probe.part d "
                                    "ON d.doc_id = k.doc_id AND d.month = k.month WHERE k.doc_id = ANY(%(ids)s)"),
    "partitioned_one_month_by_id_and_month": ("SELECT count(*) FROM bench_probe.part "
                                              "WHERE doc_id = ANY(%(one_ids)s) AND month = ANY(%(one_month)s)"),
}


def run(url: str | None, rows: int, months: int) -> dict:
    from newsevents import warehouse

    conn = warehouse.connect(url)
    with warehouse.transaction(conn) as cur:
        cur.execute("DROP SCHEMA IF EXISTS bench_probe CASCADE")
        cur.execute("CREATE SCHEMA bench_probe")
        cur.execute("CREATE TABLE bench_probe.plain (doc_id text PRIMARY KEY, month date NOT NULL, body text)")
        cur.execute("""CREATE TABLE bench_probe.part (doc_id text NOT NULL, month date NOT NULL, body text,
                       PRIMARY KEY (doc_id, month)) PARTITION BY RANGE (month)""")
        cur.execute("""DO $$ BEGIN FOR i IN 0..%s LOOP
                         EXECUTE format('CREATE TABLE bench_probe.part_%%s PARTITION OF bench_probe.part
                                         FOR VALUES FROM (%%L) TO (%%L)', i,
                                        DATE '2015-01-01' + make_interval(months => i),
                                        DATE '2015-01-01' + make_interval(months => i + 1));
                       END LOOP; END $$""", (months - 1,))
        cur.execute("""INSERT INTO bench_probe.plain
                       SELECT encode(sha256(i::text::bytea), 'hex'),
                              DATE '2015-01-01' + make_interval(months => i %% %s), repeat('x', 200)
                       FROM generate_series(1, %s) i""", (months, rows))
        cur.execute("INSERT INTO bench_probe.part SELECT * FROM bench_probe.plain")
        cur.execute("CREATE TABLE bench_probe.keys AS SELECT doc_id, month FROM bench_probe.plain")
        cur.execute("ALTER TABLE bench_probe.keys ADD PRIMARY KEY (doc_id)")
    conn.autocommit = True
    with conn.cursor() as cur:
        for t in ("plain", "part", "keys"):
            cur.execute(f"ANALYZE bench_probe.{t}")
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("SELECT doc_id, month FROM bench_probe.plain ORDER BY md5(doc_id) LIMIT 500")
        sample = cur.fetchall()
        cur.execute("""SELECT doc_id, month FROM bench_probe.plain WHERE month = DATE '2015-01-01'
                       ORDER BY md5(doc_id) LIMIT 500""")
        one = cur.fetchall()
    params = {"ids": [r[0] for r in sample], "months": sorted({r[1] for r in sample}),
              "one_ids": [r[0] for r in one], "one_month": sorted({r[1] for r in one})}
    out = {"rows": rows, "months": months, "ids_per_query": 500}
    with conn.cursor() as cur:
        for name, sql in QUERIES.items():
            for _ in range(2):
                cur.execute(sql, params)
                cur.fetchall()
            best = 1e9
            for _ in range(10):
                t = time.perf_counter()
                cur.execute(sql, params)
                cur.fetchall()
                best = min(best, time.perf_counter() - t)
            out[name + "_ms"] = round(best * 1000, 2)
    conn.rollback()
    with warehouse.transaction(conn) as cur:
        cur.execute("DROP SCHEMA bench_probe CASCADE")
    conn.close()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", default=os.environ.get("NEWSEVENTS_BENCH_URL"))
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--months", type=int, default=120)
    args = ap.parse_args()
    print(json.dumps(run(args.url, args.rows, args.months)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
