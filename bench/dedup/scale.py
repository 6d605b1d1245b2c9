#!/usr/bin/env python3
"""Deduplication cost as the warehouse history grows (the real PostgreSQL path).

    python bench/dedup/scale.py --url URL [--docs 1000000] [--per-day 1000] [--batch 2000] [--workers 1]

URL is a scratch database whose raw/staging/core/mart/ops schemas are replaced (never a
warehouse you keep, nor $NEWSEVENTS_TEST_URL while the test suite may run). A second
private server keeps it apart from everything else:

    NEWSEVENTS_STATE=/tmp/dedup-scale scripts/pg.sh start
    python bench/dedup/scale.py --url "$(NEWSEVENTS_STATE=/tmp/dedup-scale scripts/pg.sh url warehouse)"

Documents are made of sentences of the real corpora in ../shared (generate.py bases),
two to four paragraphs each, ``--per-day`` of them per publication day, a tenth of
them republished copies (a new headline, boilerplate, sometimes cut short) of a story
of the same or the previous day. They arrive day after day, as the daily DAG runs
bring them; each batch is written to raw and staging (not timed) and then
``dedup.store.deduplicate`` runs on it in its own transaction, exactly as the DAG task
does (timed). Prints, per report interval: history size, ms per document of the last
batches, candidate pairs decided; at the end the per-document cost at 10 k, 100 k and
1 M documents of history (whichever were reached), the ratio of the last to the first
(the flatness figure), the total deduplication time, its CPU time (this process and its
signing worker, dedup.parallel; the PostgreSQL backend) and the peak RSS of this
process and of the worker.

    python bench/dedup/scale.py --url URL --docs 100000 --workers 0   # sign in one process: the A/B
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import resource
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

from newsevents import warehouse  # noqa: E402
from newsevents.dedup import parallel, store  # noqa: E402
from newsevents.dedup.store import _copy  # noqa: E402

MARKS = (10_000, 100_000, 1_000_000)


def reset(url: str):
    """Empty the scratch warehouse (every layer) and migrate it."""
    conn = warehouse.connect(url)
    with warehouse.transaction(conn) as cur:
        for schema in ("mart", "core", "staging", "raw", "ops"):
            cur.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
    warehouse.migrate(conn)
    return conn


def corpus(n: int, per_day: int, rng: random.Random):
    """(doc_id, paragraphs, published) for n documents, in publication order."""
    bases = generate.load_bases(6000, rng)
    # one line per paragraph, as the cleaner writes them
    sentences = [" ".join(s.split()) for _, text, _, _ in bases for s in generate._SENT.split(text) if 40 < len(s) < 600]
    head, tail = generate.BOILERPLATE["en"]
    start = date(2022, 1, 1)
    recent: list[tuple[list[str], int]] = []
    for i in range(n):
        day = i // per_day
        if recent and rng.random() < 0.1:
            paras, origin = rng.choice(recent[-2 * per_day:])
            paras = list(paras)
            if rng.random() < 0.3 and len(paras) > 2:
                paras = paras[:-1]
            paras = [rng.choice(head), "UPDATE: " + " ".join(paras[0].split()[:8])] + paras + [rng.choice(tail)]
        else:
            paras = [" ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
                     for _ in range(rng.randint(2, 4))]
            paras[-1] += f" (Ref. {i}.)"
            recent.append((paras, day))
            if len(recent) > 4 * per_day:
                del recent[: per_day]
        text = "\n".join(paras)
        # identical copies stay separate documents (each is its own input file)
        yield hashlib.sha256(f"{i}\n{text}".encode("utf-8")).hexdigest(), paras, start + timedelta(days=day)


def insert(cur, rows) -> None:
    """What discover and clean would have written (not timed)."""
    _copy(cur, "raw.documents", "doc_id, content, bytes, text, encoding, is_html, published_at",
          ((d, "\\\\x", 0, "", "utf-8", "f", p) for d, _, p in rows))
    _copy(cur, "staging.documents", "doc_id, clean_text, paragraphs, removed_blocks, chars",
          ((d, _escape("\n".join(ps)), len(ps), 0, len("\n".join(ps))) for d, ps, _ in rows))
    para_rows = []
    for d, ps, _ in rows:
        pos = 0
        for i, p in enumerate(ps):
            para_rows.append((d, i, pos, pos + len(p), _escape(p)))
            pos += len(p) + 1
    _copy(cur, "staging.paragraphs", "doc_id, idx, start_offset, end_offset, text", para_rows)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker_rss_mib() -> float:
    """Peak RSS of the signing worker processes (dedup.parallel), summed (Linux /proc)."""
    total = 0.0
    for pid in parallel.worker_pids():
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except (OSError, ValueError):
            pass
    return total


def workers_cpu() -> float:
    return sum(backend_cpu(pid) for pid in parallel.worker_pids())


def backend_cpu(pid: int) -> float:
    """CPU seconds a process (the PostgreSQL backend serving us, a signing worker) has
    used (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="scratch database URL (its schemas are replaced)")
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--per-day", type=int, default=1000, help="documents published per day")
    ap.add_argument("--batch", type=int, default=2000, help="documents per deduplicate run")
    ap.add_argument("--report", type=int, default=10, help="print every N batches")
    ap.add_argument("--workers", type=int, default=None,
                    help="signing worker processes (NEWSEVENTS_DEDUP_WORKERS; 0: sign in this process only)")
    args = ap.parse_args()
    if args.workers is not None:
        os.environ["NEWSEVENTS_DEDUP_WORKERS"] = str(args.workers)
    if not generate.DATA.is_dir():
        print(f"skipped: {generate.DATA} is absent")
        return 0
    conn = reset(args.url)
    with conn.cursor() as cur:
        cur.execute("SELECT pg_backend_pid()")
        backend = cur.fetchone()[0]
    conn.rollback()
    rng = random.Random(7)
    batch, done, per_doc, pairs = [], 0, [], 0
    dedup_s = cpu_py = cpu_pg = cpu_worker = 0.0
    t_all = time.perf_counter()
    print("history  ms_per_doc(last batches)  cpu_ms_per_doc(python+postgres)  pairs  rss_mib  load", flush=True)
    for row in corpus(args.docs, args.per_day, rng):
        batch.append(row)
        if len(batch) < args.batch and done + len(batch) < args.docs:
            continue
        with warehouse.transaction(conn) as cur:
            insert(cur, batch)
        t0, c0, b0, w0 = time.perf_counter(), time.process_time(), backend_cpu(backend), workers_cpu()
        with warehouse.transaction(conn) as cur:
            out = store.deduplicate(cur, [d for d, _, _ in batch])
        dt = time.perf_counter() - t0
        worker = workers_cpu() - w0  # a worker started in this batch counts from 0
        py = (time.process_time() - c0) + worker
        dc = py + (backend_cpu(backend) - b0)
        dedup_s += dt
        cpu_py += py
        cpu_worker += worker
        cpu_pg += backend_cpu(backend) - b0
        done += len(batch)
        pairs += out["pairs"]
        per_doc.append((done, 1e3 * dt / len(batch), 1e3 * dc / len(batch)))
        if len(per_doc) % args.report == 0:
            recent = per_doc[-args.report:]
            print(f"{done:>8}  {statistics.median(m for _, m, _ in recent):10.3f}  "
                  f"{statistics.median(c for _, _, c in recent):10.3f}  {pairs:>8}  {rss_mib():6.0f}  "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
        batch = []
    total = time.perf_counter() - t_all

    def cost_at(mark: int, col: int) -> float | None:
        near = [r[col] for r in per_doc if 0.9 * mark <= r[0] <= 1.1 * mark] or \
               ([r[col] for r in per_doc[-5:]] if per_doc and per_doc[-1][0] >= 0.9 * mark else [])
        return statistics.median(near) if near else None

    print(f"\ndocuments={done}")
    marks = [m for m in MARKS if done >= 0.9 * m]
    for m in marks:
        print(f"ms_per_doc_at_{m // 1000}k_history={cost_at(m, 1):.3f} (cpu {cost_at(m, 2):.3f})")
    if len(marks) > 1:
        for col, what in ((1, "wall"), (2, "cpu")):
            print(f"cost_ratio_{marks[-1] // 1000}k_vs_10k_{what}={cost_at(marks[-1], col) / cost_at(marks[0], col):.3f}")
    print(f"dedup_seconds={dedup_s:.1f} ({dedup_s / 60:.1f} min; plus {total - dedup_s:.1f}s making and "
          f"writing the documents)")
    print(f"dedup_cpu_seconds={cpu_py + cpu_pg:.1f} (python {cpu_py:.1f}: this process {cpu_py - cpu_worker:.1f}, "
          f"signing worker {cpu_worker:.1f}; postgres backend {cpu_pg:.1f}; partly at the same time: "
          "dedup.parallel, the store's writer thread)")
    print(f"dedup_minutes_per_1M_documents={dedup_s / done * 1e6 / 60:.1f} "
          f"(cpu {(cpu_py + cpu_pg) / done * 1e6 / 60:.1f})")
    print(f"peak_rss_mib={rss_mib():.0f} (signing worker {worker_rss_mib():.0f}; together "
          f"{rss_mib() + worker_rss_mib():.0f})")
    with conn.cursor() as cur:
        cur.execute("SELECT pg_size_pretty(pg_total_relation_size('core.signature_bands')), "
                    "pg_size_pretty(pg_database_size(current_database()))")
        bands, db = cur.fetchone()
    conn.rollback()
    print(f"signature_bands_size={bands} database_size={db}")
    conn.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
