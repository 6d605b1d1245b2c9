#!/usr/bin/env python3
"""COPY against execute_values on the warehouse's real row shapes, in one run.

    python bench/pipeline/copy_vs_values.py [--rows 20000] [--url URL]

Why: the stages write with ``newsevents.bulk`` (COPY, upserts through a temporary
table) where they used ``execute_values``; this measures whether that pays, on
paragraph rows (many small rows) and raw document rows (bytea + text, a few KB each),
into temporary tables shaped like staging.paragraphs and raw.documents.
Prints one JSON object: seconds and rows/s per method and the ratio.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))

from psycopg2.extras import execute_values  # noqa: E402

from newsevents import bulk, warehouse  # noqa: E402

SHAPES = {
    "paragraphs": ("doc_id text, idx integer, start_offset integer, end_offset integer, text text, "
                   "PRIMARY KEY (doc_id, idx)", ("doc_id", "idx", "start_offset", "end_offset", "text")),
    "documents": ("doc_id text PRIMARY KEY, content bytea, bytes integer, text text, encoding text, "
                  "is_html boolean", ("doc_id", "content", "bytes", "text", "encoding", "is_html")),
}


def rows_for(shape: str, n: int, rng: random.Random) -> list[tuple]:
    words = "the air defence forces destroyed drones over the region overnight ministry said".split()
    out = []
    for i in range(n):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(20, 60 if shape == "paragraphs" else 600)))
        doc = f"{i:064x}"
        if shape == "paragraphs":
            out.append((doc, i % 12, 0, len(text), text))
        else:
            out.append((doc, text.encode(), len(text), text, "utf-8", False))
    return out


def measure(conn, shape: str, rows: list[tuple]) -> dict:
    ddl, cols = SHAPES[shape]
    result = {}
    for method in ("execute_values", "copy"):
        best = 1e9
        for _ in range(3):  # the best of three: the machine is shared
            with warehouse.transaction(conn) as cur:
                cur.execute(f"CREATE TEMP TABLE bench_{shape} ({ddl}) ON COMMIT DROP")
                t = time.perf_counter()
                if method == "copy":
                    bulk.copy_rows(cur, f"bench_{shape}", cols, rows)
                else:
                    execute_values(cur, f"INSERT INTO bench_{shape} ({', '.join(cols)}) VALUES %s", rows,
                                   page_size=1000)
                best = min(best, time.perf_counter() - t)
        result[method] = {"seconds": round(best, 3), "rows_per_s": round(len(rows) / best)}
    result["copy_speedup"] = round(result["execute_values"]["seconds"] / result["copy"]["seconds"], 2)
    return result


def run(url: str | None = None, n: int = 20000) -> dict:
    conn = warehouse.connect(url)
    rng = random.Random(1)
    try:
        return {shape: dict(rows=n if shape == "paragraphs" else n // 10,
                            **measure(conn, shape, rows_for(shape, n if shape == "paragraphs" else n // 10, rng)))
                for shape in SHAPES}
    finally:
        conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rows", type=int, default=20000)
    ap.add_argument("--url", default=os.environ.get("NEWSEVENTS_BENCH_URL"))
    args = ap.parse_args()
    print(json.dumps(run(args.url, args.rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
