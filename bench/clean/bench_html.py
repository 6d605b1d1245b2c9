#!/usr/bin/env python3
"""Main-content extraction on public benchmarks: our cleaner against trafilatura and resiliparse.

    python bench/clean/bench_html.py [--datasets aeb,wcxb] [--systems ours,ours-structure,trafilatura,resiliparse]
                                     [--no-hostile] [--repeat N]

Every system gets the same decoded page (``ingest.read_input``, as the CLI reads it) and
is scored with ``../shared/eval/score_html.py``'s own functions (4-word-shingle F1 as the
article-extraction-benchmark computes it, and leak_lines). Speed is pages per CPU-second
of this single-threaded process, i.e. per core, measured in the same run for every
system (after a warm-up on three pages, best of ``--repeat`` passes), so the ratios hold
on a noisy shared machine even when the absolute numbers move.

Systems:
  ours             newsevents.clean.clean_document (the default: structure + line rules)
  ours-structure   htmlclean.extract alone (no normalisation, no line classifier): the
                   faster point of the trade-off curve
  trafilatura      trafilatura.extract(favor_precision=True), 2.3.1 from the lock
  resiliparse      extract_plain_text(main_content=True)

Then the hostile pages (20,000 nested elements, unclosed tags, a 20 MB page) through
``clean_document``: CPU seconds per MB (like the speed above, per core), target <= 1.
"""
from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
DATA = ROOT.parent / "shared" / "data"
SCORER = ROOT.parent / "shared" / "eval" / "score_html.py"
DATASETS = {"aeb": DATA / "aeb", "wcxb": DATA / "wcxb-dev-articles"}


def _scorer():
    spec = importlib.util.spec_from_file_location("score_html", SCORER)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _systems():
    from newsevents import htmlclean
    from newsevents.clean import clean_document

    def ours(html):
        return clean_document(html, is_html=True).text

    def structure(html):
        return "\n".join(b.text for b in htmlclean.extract(html).blocks)

    def traf(html):
        import trafilatura
        return trafilatura.extract(html, favor_precision=True) or ""

    def resili(html):
        from resiliparse.extract.html2text import extract_plain_text
        return extract_plain_text(html, main_content=True)

    return {"ours": ours, "ours-structure": structure, "trafilatura": traf, "resiliparse": resili}


def load(dataset: Path, score):
    from newsevents import ingest

    truth = score.load_truth(str(dataset))
    pages = {}
    for key in sorted(truth):
        doc = ingest.read_input(dataset / "html" / f"{key}.html.gz", max_bytes=64 << 20)
        pages[key] = doc.text if isinstance(doc, ingest.RawDocument) else ""
    return truth, pages


def evaluate(score, truth, pages, fn, repeat: int = 3) -> dict:
    """Scores of one pass; speed from the best of ``repeat`` timed passes (as timeit does:
    other processes on a shared machine only ever slow a pass down)."""
    preds = {}
    for html in list(pages.values())[:3]:  # warm up (lexicon load, caches): steady-state speed
        fn(html)
    cpu = float("inf")
    for _ in range(max(1, repeat)):
        t0 = time.process_time()
        for key, html in pages.items():
            preds[key] = fn(html) or ""
        cpu = min(cpu, time.process_time() - t0)
    triples = [score.tp_fp_fn(truth[k], preds[k]) for k in truth]
    leaks = sum(score.leaks(truth[k], preds[k]) for k in truth)
    p = statistics.mean(score.precision(*t) for t in triples if t[0] + t[1] > 0)
    r = statistics.mean(score.recall(*t) for t in triples if t[0] + t[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "leak_lines": leaks / len(triples), "pages_per_s": len(pages) / cpu if cpu else float("inf")}


def hostile_pages(mb: int = 20) -> dict[str, str]:
    """The hostile pages of the issue: deep nesting, unclosed tags, *mb*-MB pages."""
    para = "<p>Russian drones attacked the city overnight, officials said, and debris fell on two houses.</p>"
    size = mb * 1_000_000
    return {
        "20,000 nested <div>": "<html><body>" + "<div>" * 20000 + para + "</div>" * 20000 + "</body></html>",
        "20,000 unclosed <div><p><b>": "<html><body>" + "<div><p>text <b>bold " * 20000,
        f"{mb} MB article": "<html><body><article>" + para * (size // len(para)) + "</article></body></html>",
        f"{mb} MB of one-level <span>": "<html><body>" + "<span>x</span> " * (size // 15) + "</body></html>",
    }


def hostile() -> list[tuple[str, float, float]]:
    from newsevents.clean import clean_document

    out = []
    for name, html in hostile_pages().items():
        t0 = time.process_time()  # CPU seconds: other processes on a shared machine do not count
        clean_document(html, is_html=True)
        dt = time.process_time() - t0
        out.append((name, len(html.encode()) / 1e6, dt))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="aeb,wcxb")
    ap.add_argument("--systems", default="ours,ours-structure,trafilatura,resiliparse")
    ap.add_argument("--no-hostile", action="store_true")
    ap.add_argument("--repeat", type=int, default=3, help="timed passes per system (best one counts)")
    args = ap.parse_args()
    if not SCORER.exists():
        print(f"skipped: {SCORER} is absent (../shared is not beside this checkout)")
        return 0
    score = _scorer()
    systems = _systems()
    names = [s for s in args.systems.split(",") if s]
    results: dict[tuple[str, str], dict] = {}
    for ds in args.datasets.split(","):
        path = DATASETS[ds]
        if not path.exists():
            print(f"skipped {ds}: {path} is absent")
            continue
        truth, pages = load(path, score)
        print(f"\n{ds}: {len(pages)} pages")
        print(f"  {'system':<16} {'F1':>6} {'prec':>6} {'recall':>6} {'leak_lines':>10} {'pages/s/core':>13}")
        for name in names:
            m = evaluate(score, truth, pages, systems[name], args.repeat)
            results[(ds, name)] = m
            print(f"  {name:<16} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
                  f"{m['leak_lines']:10.3f} {m['pages_per_s']:13.1f}", flush=True)
    curve = [(name, results[("aeb", name)]) for name in ("ours-structure", "ours") if ("aeb", name) in results]
    if curve:
        print("\ntrade-off on AEB (each setting adds work to the one above; the default is the")
        print("fastest setting with F1 >= 0.965):")
        for name, m in curve:
            print(f"  {SETTINGS[name]:<44} F1 {m['f1']:.3f}  leak_lines {m['leak_lines']:.3f}  "
                  f"{m['pages_per_s']:6.1f} pages/s/core")
    worst = None
    if not args.no_hostile:
        print("\nhostile HTML through clean_document, CPU seconds (target: no crash, <= 1 s per MB)")
        rows = hostile()
        for name, mb, dt in rows:
            print(f"  {name:<30} {mb:6.1f} MB {dt:7.2f} s {dt / mb:6.3f} s/MB")
        worst = max(dt / mb for _, mb, dt in rows)
    print("\ntargets (issue 4):")
    for label, value, ok in _targets(results, worst):
        print(f"  {'met    ' if ok else 'NOT MET'}  {label:<44} {value}")
    return 0


SETTINGS = {"ours-structure": "structure only (htmlclean.extract)",
            "ours": "structure + normalisation + line rules (default)"}


def _targets(results: dict, worst_s_per_mb: float | None):
    """(label, measured value, met?) for every target of the issue this run measured."""
    out = []
    aeb, wcxb = results.get(("aeb", "ours")), results.get(("wcxb", "ours"))
    if aeb:
        out.append(("AEB F1 >= 0.970", f"{aeb['f1']:.3f}", aeb["f1"] >= 0.970))
        out.append(("AEB leak_lines <= 0.20", f"{aeb['leak_lines']:.3f}", aeb["leak_lines"] <= 0.20))
        out.append(("AEB >= 200 pages/s per core, F1 >= 0.965",
                    f"{aeb['pages_per_s']:.0f} pages/s at F1 {aeb['f1']:.3f}",
                    aeb["pages_per_s"] >= 200 and aeb["f1"] >= 0.965))
    if wcxb:
        out.append(("WCXB dev articles F1 >= 0.94", f"{wcxb['f1']:.3f}", wcxb["f1"] >= 0.94))
    if worst_s_per_mb is not None:
        out.append(("hostile HTML <= 1 s per MB, no crash", f"worst {worst_s_per_mb:.3f} s/MB",
                    worst_s_per_mb <= 1.0))
    return out


if __name__ == "__main__":
    sys.exit(main())
