#!/usr/bin/env python3
"""The pipeline's throughput benchmark: ``make bench [N=100000] [HTML=N/5]``.

    python bench/pipeline/bench.py [--text 100000] [--html 20000] [--seed 1]
                                   [--stage-text 2000] [--stage-html 400] [--windows 10]

Generates (or reuses) the corpus under .local/bench/, then measures, in one run on this
machine: each stage alone on one core with its peer on the same documents
(stages.py), the whole pipeline into PostgreSQL as a backfill window by window on every
core (e2e.py), dedup's cost per document as the warehouse grows to 1 M (dedup_scaling.py),
COPY against execute_values (copy_vs_values.py) and what monthly partitions cost
hash-keyed tables (partition_probe.py). Writes bench/results/pipeline-<size>.{json,md},
machine described, each target marked met or not met.

The benchmark database is NEWSEVENTS_BENCH_URL (``warehouse_bench`` of the private
PostgreSQL, set by scripts/env.sh); its schemas are dropped and re-created. It refuses to
run against any other database.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(ROOT / "include"))
sys.path.insert(0, str(HERE))

import corpus as corpus_mod  # noqa: E402
import machine  # noqa: E402
from benchdb import reset  # noqa: E402

RESULTS = ROOT / "bench" / "results"
GIB = 1024.0
TARGETS = {
    "text_e2e": 500.0,          # plain-text documents/s per core, end to end
    "html_e2e": 200.0,          # HTML documents/s per core, end to end
    "langid_ratio": 5.0,        # x langdetect's throughput
    "dedup_growth": 1.5,        # per-document cost 10 k -> 1 M: "flat" = grows by less than this
    "backfill_1m_s": 3600.0,    # 1 M documents in an hour
    "peak_rss_mib": GIB,        # any process of the pipeline
}


def _python(script: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True, text=True)
    sys.stderr.write(out.stderr[-4000:])
    if out.returncode:
        raise RuntimeError(f"{script} failed ({out.returncode})")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _per_doc(windows: list[dict]) -> dict:
    docs = sum(w["inputs"] for w in windows)
    return {"docs": docs,
            "wall_s": sum(w["pipeline_s"] for w in windows) / docs,
            "cpu_s": sum(w["worker_cpu_s"] + (w["postgres_cpu_s"] or 0) for w in windows) / docs,
            "history": sum((w["warehouse_docs_before"] + w["inputs"] / 2) * w["inputs"] for w in windows) / docs}


def extrapolate_1m(e2e: dict, share_text: float, at_history: dict | None, cores: int, n: int = 1_000_000) -> dict:
    """Hours for ``n`` documents at the corpus's text/HTML mix.

    Each kind's measured mean cost per document (wall clock, and CPU-seconds of workers and
    PostgreSQL divided by the cores) plus its growth with the warehouse: the slope between
    a window of the main backfill and the same window run again against a warehouse of
    about 1 M documents (``at_history``), or, without that, the fitted slope of the
    backfill's windows. The mean over a backfill from 0 to n is the cost at n / 2. A
    negative slope (noise) counts as flat."""
    out = {"method": "probe at 1 M" if at_history else "fit of the backfill windows"}
    slope = {"wall_s": 0.0, "cpu_s": 0.0}
    if at_history and "text" in e2e:
        base = [w for w in e2e["text"]["windows"] if w["window"] == at_history["windows"][0]["window"]]
        if base:
            lo, hi = _per_doc(base), _per_doc(at_history["windows"])
            for k in slope:
                slope[k] = max(0.0, (hi[k] - lo[k]) / max(1.0, hi["history"] - lo["history"]))
            out["probe"] = {"window_history": round(lo["history"]), "probe_history": round(hi["history"]),
                            "window_ms_per_doc": round(lo["wall_s"] * 1000, 1),
                            "probe_ms_per_doc": round(hi["wall_s"] * 1000, 1),
                            "window_cpu_ms_per_doc": round(lo["cpu_s"] * 1000, 1),
                            "probe_cpu_ms_per_doc": round(hi["cpu_s"] * 1000, 1)}
    elif "text" in e2e:
        slope["wall_s"] = max(0.0, e2e["text"]["per_doc_s_fit"]["b_per_doc_in_warehouse"])
    wall = cpu = 0.0
    for kind, share in (("text", share_text), ("html", 1 - share_text)):
        if kind not in e2e or share <= 0:
            continue
        m = _per_doc(e2e[kind]["windows"])
        wall += n * share * (m["wall_s"] + slope["wall_s"] * (n / 2 - m["history"]))
        cpu += n * share * (m["cpu_s"] + slope["cpu_s"] * (n / 2 - m["history"])) / cores
    out.update(seconds=round(wall, 1), seconds_cpu=round(cpu, 1),
               slope_ms_per_doc_per_100k={k: round(v * 1e5 * 1000, 3) for k, v in slope.items()})
    return out


def verdicts(r: dict) -> list[dict]:
    st, e2e = r["stages"], r["e2e"]
    rows = []

    def add(name, figure, target, ok, how):
        rows.append({"target": name, "figure": figure, "goal": target,
                     "met": None if ok is None else bool(ok), "measured_by": how})

    for kind, key in (("text", "text_e2e"), ("html", "html_e2e")):
        e = e2e.get(kind, {})
        v = e.get("docs_per_cpu_s")
        add(f"{kind} end to end into PostgreSQL (docs per CPU-second, workers + PostgreSQL)", v,
            f">= {TARGETS[key]:.0f}", None if v is None else v >= TARGETS[key],
            f"e2e.py: backfill on {e.get('workers')} workers; wall clock {e.get('docs_per_s_core')} docs/s per core")
    ratios = [st[k]["speed_ratio"].get("langid_vs_langdetect") for k in ("text", "html") if k in st]
    ratios = [x for x in ratios if x]
    add("language ID vs langdetect (throughput ratio)", min(ratios) if ratios else None,
        f">= {TARGETS['langid_ratio']:.0f}x", min(ratios) >= TARGETS["langid_ratio"] if ratios else None,
        "stages.py: same paragraphs, one core")
    g = r.get("dedup_scaling", {}).get("growth_first_to_last")
    pts = r.get("dedup_scaling", {}).get("points", [])
    span = f"{pts[0]['warehouse_docs']:,} -> {pts[-1]['warehouse_docs']:,}" if pts else ""
    add(f"dedup cost per document, {span} in the warehouse (growth)", g,
        f"flat (< {TARGETS['dedup_growth']}x)", None if g is None else g < TARGETS["dedup_growth"],
        "dedup_scaling.py: one real run against synthetic history")
    bf = r.get("backfill_1m", {})
    h = bf.get("seconds_cpu")
    add("1 M documents backfilled (extrapolated, hours of the machine's 2 cores)", round(h / 3600, 2) if h else None,
        "<= 1", None if h is None else h <= TARGETS["backfill_1m_s"],
        f"measured cost per document and its growth ({bf.get('method')}); wall clock under the shared load: "
        f"{round(bf['seconds'] / 3600, 2) if bf.get('seconds') else None} h")
    peaks = [e2e[k]["peak_worker_rss_mib"] for k in ("text", "html") if k in e2e]
    if r.get("e2e_at_history"):
        peaks.append(r["e2e_at_history"]["peak_worker_rss_mib"])
    add("peak RSS of a pipeline process (MiB)", max(peaks) if peaks else None, f"<= {GIB:.0f}",
        max(peaks) <= TARGETS["peak_rss_mib"] if peaks else None,
        "VmHWM of every worker of the backfills, the same at any corpus size (batches are bounded)")
    return rows


def bottlenecks(r: dict) -> dict:
    out = {}
    for kind in ("text", "html"):
        if kind in r["stages"]:
            share = r["stages"][kind]["cpu_share"]
            out[kind] = {"stage": max(share, key=share.get), "share": max(share.values())}
        if kind in r["e2e"]:
            s = {k: v for k, v in r["e2e"][kind]["stage_share"].items()}
            out.setdefault(kind, {})["e2e_stage"] = max(s, key=s.get)
            out[kind]["e2e_share"] = max(s.values())
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--text", type=int, default=100_000)
    ap.add_argument("--html", type=int, default=None, help="default: text / 5")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--stage-text", type=int, default=2000)
    ap.add_argument("--stage-html", type=int, default=400)
    ap.add_argument("--profile", type=int, default=200)
    ap.add_argument("--windows", type=int, default=10)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--dedup-history", default="10000,100000,1000000")
    ap.add_argument("--skip", default="", help="comma list of parts to skip: stages,e2e,dedup,copy,probe")
    ap.add_argument("--out", type=Path, default=None)
    args = ap.parse_args()
    html = args.text // 5 if args.html is None else args.html
    skip = set(filter(None, args.skip.split(",")))
    url = os.environ.get("NEWSEVENTS_BENCH_URL")
    if not url:
        print("NEWSEVENTS_BENCH_URL is not set: run through `make bench` (source scripts/env.sh)", file=sys.stderr)
        return 2
    from newsevents import warehouse

    conn = warehouse.connect(url)
    result = {"machine": machine.describe(conn), "parameters": vars(args) | {"html": html, "out": None}}
    conn.close()
    folder = ROOT / ".local" / "bench" / f"corpus-t{args.text}-h{html}-s{args.seed}"
    t = time.perf_counter()
    try:
        result["corpus"] = corpus_mod.generate(folder, text=args.text, html=html, seed=args.seed,
                                               progress=lambda n: print(f"[corpus] {n} documents", file=sys.stderr))
    except FileNotFoundError as exc:
        print(f"skipped: {exc}", file=sys.stderr)
        return 0
    result["corpus"]["folder"] = str(folder)
    result["corpus"]["seconds"] = round(time.perf_counter() - t, 1)  # ~0 when the corpus was reused
    if "copy" not in skip:
        reset(url)
        result["copy_vs_values"] = _python("copy_vs_values.py", "--url", url)
    result["stages"] = {} if "stages" in skip else _python(
        "stages.py", str(folder), "--text", str(min(args.stage_text, args.text)),
        "--html", str(min(args.stage_html, html)), "--profile", str(args.profile))
    result["e2e"] = {}
    if "e2e" not in skip:
        import e2e

        reset(url)
        first, last = date.fromisoformat(result["corpus"]["first_day"]), date.fromisoformat(result["corpus"]["last_day"])
        spans = e2e.windows_of(first, last, args.windows)
        for kind in ("text", "html"):
            if result["corpus"][kind]:
                result["e2e"][kind] = e2e.backfill(url, folder / kind, spans, args.workers, kind)
    if "dedup" not in skip:
        result["dedup_scaling"] = _python("dedup_scaling.py", str(folder), "--url", url,
                                          "--history", args.dedup_history)
        if result["e2e"].get("text") and len(spans) > 1:
            # the same window again, now against the dedup run's ~1 M-document warehouse
            import e2e

            result["e2e_at_history"] = e2e.backfill(url, folder / "text", [spans[1]], args.workers, "text-at-history")
    if result["e2e"]:
        result["backfill_1m"] = extrapolate_1m(result["e2e"], args.text / max(1, args.text + html),
                                               result.get("e2e_at_history"), os.cpu_count() or 1)
    if "probe" not in skip:
        result["partition_probe"] = _python("partition_probe.py", "--url", url)
    result["machine"]["load_average_end"] = [round(x, 2) for x in os.getloadavg()]
    result["targets"] = verdicts(result)
    result["bottlenecks"] = bottlenecks(result)
    out = args.out or RESULTS / f"pipeline-t{args.text}-h{html}"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.with_suffix(".json").write_text(json.dumps(result, indent=1, default=str))
    import report

    out.with_suffix(".md").write_text(report.render(result))
    print(report.render(result))
    print(f"results: {out.with_suffix('.md')} and .json", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
