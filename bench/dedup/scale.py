#!/usr/bin/env python3
"""Deduplication cost as the warehouse history grows (the real PostgreSQL path).

    python bench/dedup/scale.py [--docs 100000] [--batch 2000] [--days 1000] [--url URL]

Empties a scratch warehouse (default: the test database, $NEWSEVENTS_TEST_URL, which the
tests reset anyway; never point it at data you keep) and fills it with documents made of sentences of the real corpora (generate.py bases),
a tenth of them republished copies, spread over ``--days`` publication days, and runs
``dedup.store.deduplicate`` on them batch after batch, exactly as the DAG task does.
Prints, per batch: history size, ms per document, and the candidate pairs decided, then
the ratio of the last batches' per-document cost to the first ones' (the flatness
figure) and the peak RSS of this process. 1 M documents is extrapolated from the
measured throughput when fewer are run.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

from psycopg2.extras import execute_values  # noqa: E402

from newsevents import warehouse  # noqa: E402
from newsevents.dedup import store  # noqa: E402


def reset(url: str):
    """Empty the scratch warehouse (every layer) and migrate it."""
    conn = warehouse.connect(url)
    with warehouse.transaction(conn) as cur:
        for schema in ("mart", "core", "staging", "raw", "ops"):
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    warehouse.migrate(conn)
    return conn


def corpus(n: int, days: int, rng: random.Random):
    """(doc_id, text, published) for n documents: 90% new stories, 10% copies."""
    bases = generate.load_bases(2000, rng)
    sentences = [s for _, text, _, _ in bases for s in generate._SENT.split(text) if len(s) > 40]
    start = date(2022, 1, 1)
    made: list[tuple[str, date]] = []
    for i in range(n):
        if made and rng.random() < 0.1:
            text, day = rng.choice(made[-5000:])
            text = "UPDATE: " + text + "\nShare this article"
        else:
            text = " ".join(rng.choice(sentences) for _ in range(rng.randint(3, 8))) + f" Ref {i}."
            day = start + timedelta(days=rng.randrange(days))
            made.append((text, day))
        yield hashlib.sha256(text.encode("utf-8")).hexdigest(), text, day


def insert(cur, rows) -> None:
    execute_values(cur, """INSERT INTO raw.documents (doc_id, content, bytes, text, encoding, is_html, published_at)
                           VALUES %s ON CONFLICT DO NOTHING""",
                   [(d, b"", 0, "", "utf-8", False, p) for d, _, p in rows], page_size=2000)
    execute_values(cur, """INSERT INTO staging.documents (doc_id, clean_text, paragraphs, removed_blocks, chars)
                           VALUES %s ON CONFLICT DO NOTHING""",
                   [(d, t, 1, 0, len(t)) for d, t, _ in rows], page_size=2000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=2000)
    ap.add_argument("--days", type=int, default=1000)
    ap.add_argument("--url", help="scratch database URL (its core/staging/raw are replaced)")
    args = ap.parse_args()
    if not generate.DATA.is_dir():
        print(f"skipped: {generate.DATA} is absent")
        return 0
    url = args.url or os.environ.get("NEWSEVENTS_TEST_URL")
    if not url:
        print("no scratch database: pass --url or set NEWSEVENTS_TEST_URL (source scripts/env.sh)")
        return 2
    conn = reset(url)
    rng = random.Random(7)
    batch, done, per_doc = [], 0, []
    t_all = time.perf_counter()
    print("history  batch_ms_per_doc  pairs")
    for row in corpus(args.docs, args.days, rng):
        batch.append(row)
        if len(batch) < args.batch:
            continue
        with warehouse.transaction(conn) as cur:
            insert(cur, batch)
        t0 = time.perf_counter()
        with warehouse.transaction(conn) as cur:
            out = store.deduplicate(cur, sorted({d for d, _, _ in batch}))
        ms = 1e3 * (time.perf_counter() - t0) / len(batch)
        done += len(batch)
        per_doc.append((done, ms))
        print(f"{done:>7}  {ms:16.3f}  {out['pairs']:>5}", flush=True)
        batch = []
    total = time.perf_counter() - t_all
    k = max(1, len(per_doc) // 5)
    first = sorted(m for _, m in per_doc[:k])[k // 2]
    last = sorted(m for _, m in per_doc[-k:])[k // 2]
    dedup_s = sum(m for _, m in per_doc) * args.batch / 1e3
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\ndocuments={done}")
    print(f"median_ms_per_doc_first_{k}_batches={first:.3f}")
    print(f"median_ms_per_doc_last_{k}_batches={last:.3f}")
    print(f"cost_ratio_last_vs_first={last / first:.3f}")
    print(f"dedup_seconds={dedup_s:.1f} (plus {total - dedup_s:.1f}s generating and inserting text)")
    print(f"extrapolated_1M_dedup_minutes={dedup_s / done * 1e6 / 60:.1f} (one process; the DB on the other core)")
    print(f"peak_rss_mib={rss:.0f}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
