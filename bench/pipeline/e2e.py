#!/usr/bin/env python3
"""End to end into PostgreSQL: backfill an archive window by window, on every core.

    python bench/pipeline/e2e.py ARCHIVE --url URL [--windows 10] [--workers 2]

Why: this is the figure users feel, a backfill into the warehouse. Each window is one
run, as a DAG run over a data interval: ``register_inputs`` plans the batches, then
``ingest``, ``clean``, ``detect_language`` and ``extract`` run mapped over them on a pool
of worker processes (the same functions and batch plan the DAG's ``.expand()`` uses; each
worker connects and loads its models once), ``deduplicate`` and ``load`` run once, and the
data checks the DAG ends with run last. The warehouse grows window after window, so the
per-document cost against the warehouse size is the scaling curve a longer backfill
follows. Prints one JSON object (windows, totals, the fitted curve).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "include"))
sys.path.insert(0, str(HERE))

from benchdb import scalar  # noqa: E402
from machine import peak_rss_mib, postgres_cpu_seconds  # noqa: E402

MAPPED = ("ingest_inputs", "clean", "detect_language")
_conn = None


def _init(url: str) -> None:
    """Once per worker process: the connection and the models (caches survive calls)."""
    global _conn
    from newsevents import warehouse
    from newsevents.pipeline import process_text

    _conn = warehouse.connect(url)
    process_text("Warm-up: models and lexicons load once per worker.", is_html=False, published_at=None)


def _call(stage: str, window, batch) -> tuple[dict, float, float]:
    from newsevents import tasks

    before = resource.getrusage(resource.RUSAGE_SELF)
    fn = getattr(tasks, stage)
    result = fn(_conn, window, batch=batch) if batch is not None else fn(_conn, window)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result, peak_rss_mib(), cpu


def windows_of(first: date, last: date, k: int) -> list[tuple[date, date]]:
    days = (last - first).days + 1
    step = max(1, -(-days // k))
    out, d = [], first
    while d <= last:
        out.append((d, min(d + timedelta(days=step), last + timedelta(days=1))))
        d += timedelta(days=step)
    return out


def _input_bytes(conn, run_id: str) -> int:
    with conn.cursor() as cur:
        cur.execute("SELECT source_path FROM raw.run_inputs WHERE run_id = %s", (run_id,))
        paths = [r[0] for r in cur.fetchall()]
    conn.rollback()
    return sum(os.stat(p).st_size for p in paths if os.path.exists(p))


def backfill(url: str, archive: Path, spans: list[tuple[date, date]], workers: int, label: str) -> dict:
    from newsevents import tasks, warehouse

    conn = warehouse.connect(url)
    ctx = multiprocessing.get_context("spawn")
    records, peak = [], 0.0
    with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init, initargs=(url,)) as pool:
        list(pool.map(_noop, range(workers * 2)))  # start the workers before the clock
        for start, end in spans:
            window = tasks.RunWindow(f"bench-{label}-{start}", str(archive),
                                     datetime(start.year, start.month, start.day, tzinfo=timezone.utc),
                                     datetime(end.year, end.month, end.day, tzinfo=timezone.utc))
            before_docs = scalar(conn, "SELECT count(*) FROM raw.documents")
            pg0, t0 = postgres_cpu_seconds(), time.perf_counter()
            seconds, cpu = {}, 0.0
            t = time.perf_counter()
            plan = tasks.register_inputs(conn, window)
            seconds["discover"] = time.perf_counter() - t
            batches = plan["batches"]
            steps = [(s, True) for s in MAPPED] + [("deduplicate", False), ("extract", True), ("load", False)]
            for stage, mapped in steps:
                t = time.perf_counter()
                jobs = [pool.submit(_call, stage, window, b) for b in batches] if mapped else \
                    [pool.submit(_call, stage, window, None)]
                for j in jobs:
                    _, rss, c = j.result()
                    peak, cpu = max(peak, rss), cpu + c
                seconds[stage] = time.perf_counter() - t
            pipeline_s = time.perf_counter() - t0
            t = time.perf_counter()
            failed = [r.name for r in warehouse.run_checks(conn) if not r.ok]
            seconds["checks"] = time.perf_counter() - t
            pg1 = postgres_cpu_seconds()
            records.append({
                "window": [start.isoformat(), end.isoformat()], "inputs": plan["discovered"],
                "batches": len(batches), "mb": round(_input_bytes(conn, window.run_id) / 1e6, 2),
                "warehouse_docs_before": before_docs,
                "seconds": {k: round(v, 3) for k, v in seconds.items()},
                "pipeline_s": round(pipeline_s, 3), "with_checks_s": round(pipeline_s + seconds["checks"], 3),
                "worker_cpu_s": round(cpu, 2),
                "postgres_cpu_s": round(pg1 - pg0, 2) if pg0 is not None and pg1 is not None else None,
                "failed_checks": failed,
            })
            print(f"[e2e] {label} {start}..{end}: {plan['discovered']} docs in {pipeline_s:.1f} s "
                  f"(+{seconds['checks']:.1f} s checks)", file=sys.stderr)
    conn.close()
    return summarise(records, peak, workers)


def _noop(_):
    return os.getpid()


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float]:
    """Least squares y = a + b x (b = 0 with fewer than two distinct x)."""
    n = len(xs)
    if n < 2 or len(set(xs)) < 2:
        return (sum(ys) / n if n else 0.0), 0.0
    mx, my = sum(xs) / n, sum(ys) / n
    b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
    return my - b * mx, b


def summarise(records: list[dict], peak_worker_rss: float, workers: int) -> dict:
    cores = os.cpu_count() or 1
    docs = sum(r["inputs"] for r in records)
    mb = sum(r["mb"] for r in records)
    pipeline = sum(r["pipeline_s"] for r in records)
    checks = sum(r["seconds"]["checks"] for r in records)
    stage_s: dict[str, float] = {}
    for r in records:
        for k, v in r["seconds"].items():
            stage_s[k] = stage_s.get(k, 0.0) + v
    usable = [r for r in records if r["inputs"]]
    xs = [r["warehouse_docs_before"] + r["inputs"] / 2 for r in usable]
    ys = [r["pipeline_s"] / r["inputs"] for r in usable]
    a, b = fit_line(xs, ys)
    yc = [r["with_checks_s"] / r["inputs"] for r in usable]
    ac, bc = fit_line(xs, yc)
    pg = [r["postgres_cpu_s"] for r in records if r["postgres_cpu_s"] is not None]
    return {
        "windows": records, "documents": docs, "mb": round(mb, 2), "workers": workers, "cores": cores,
        "pipeline_s": round(pipeline, 2), "checks_s": round(checks, 2),
        "docs_per_s": round(docs / pipeline, 1) if pipeline else None,
        "docs_per_s_core": round(docs / pipeline / cores, 1) if pipeline else None,
        "mb_per_s_core": round(mb / pipeline / cores, 3) if pipeline else None,
        "docs_per_s_core_with_checks": round(docs / (pipeline + checks) / cores, 1) if pipeline else None,
        "stage_seconds": {k: round(v, 2) for k, v in stage_s.items()},
        "stage_share": {k: round(v / (pipeline + checks), 3) for k, v in stage_s.items()} if pipeline else {},
        "worker_cpu_s": round(sum(r["worker_cpu_s"] for r in records), 1),
        "postgres_cpu_s": round(sum(pg), 1) if pg else None,
        # per core-second of CPU actually used (workers + PostgreSQL): holds on a shared machine
        "docs_per_cpu_s": round(docs / (sum(r["worker_cpu_s"] for r in records) + sum(pg)), 1) if docs else None,
        "mean_s_per_doc": round(pipeline / docs, 5) if docs else None,
        "mean_s_per_doc_with_checks": round((pipeline + checks) / docs, 5) if docs else None,
        "peak_worker_rss_mib": peak_worker_rss,
        "per_doc_s_fit": {"a": a, "b_per_doc_in_warehouse": b},
        "per_doc_s_fit_with_checks": {"a": ac, "b_per_doc_in_warehouse": bc},
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("archive", type=Path)
    ap.add_argument("--url", default=os.environ.get("NEWSEVENTS_BENCH_URL"))
    ap.add_argument("--windows", type=int, default=10)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--first", type=date.fromisoformat, required=True)
    ap.add_argument("--last", type=date.fromisoformat, required=True)
    ap.add_argument("--label", default="archive")
    args = ap.parse_args()
    out = backfill(args.url, args.archive, windows_of(args.first, args.last, args.windows), args.workers, args.label)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
