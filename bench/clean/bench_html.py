#!/usr/bin/env python3
"""Main-content extraction on public benchmarks: our cleaner against trafilatura and resiliparse.

    python bench/clean/bench_html.py [--datasets aeb,wcxb] [--systems ours,ours-structure,trafilatura,resiliparse]
                                     [--no-hostile]

Every system gets the same decoded page (``ingest.read_input``, as the CLI reads it) and
is scored with ``../shared/eval/score_html.py``'s own functions (4-word-shingle F1 as the
article-extraction-benchmark computes it, and leak_lines). Speed is pages per CPU-second
of this single-threaded process, i.e. per core, measured in the same run for every
system, so the ratios hold on a noisy shared machine even when the absolute numbers move.

Systems:
  ours             newsevents.clean.clean_document (the default: structure + line rules)
  ours-structure   htmlclean.extract alone (no normalisation, no line classifier): the
                   faster point of the trade-off curve
  trafilatura      trafilatura.extract(favor_precision=True), 2.3.1 from the lock
  resiliparse      extract_plain_text(main_content=True)

Then the hostile pages (20,000 nested elements, unclosed tags, a 20 MB page) through
``clean_document``: seconds per MB, target <= 1.
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


def evaluate(score, truth, pages, fn) -> dict:
    preds = {}
    t0 = time.process_time()
    for key, html in pages.items():
        preds[key] = fn(html) or ""
    cpu = time.process_time() - t0
    triples = [score.tp_fp_fn(truth[k], preds[k]) for k in truth]
    leaks = sum(score.leaks(truth[k], preds[k]) for k in truth)
    p = statistics.mean(score.precision(*t) for t in triples if t[0] + t[1] > 0)
    r = statistics.mean(score.recall(*t) for t in triples if t[0] + t[2] > 0)
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "leak_lines": leaks / len(triples), "pages_per_s": len(pages) / cpu if cpu else float("inf")}


def hostile() -> list[tuple[str, float, float]]:
    from newsevents.clean import clean_document

    para = "<p>Russian drones attacked the city overnight, officials said, and debris fell on two houses.</p>"
    cases = {
        "20,000 nested <div>": "<html><body>" + "<div>" * 20000 + para + "</div>" * 20000 + "</body></html>",
        "20,000 unclosed <div><p><b>": "<html><body>" + "<div><p>text <b>bold " * 20000,
        "20 MB article": "<html><body><article>" + para * (20_000_000 // len(para)) + "</article></body></html>",
        "20 MB of one-level <span>": "<html><body>" + "<span>x</span> " * (20_000_000 // 15) + "</body></html>",
    }
    out = []
    for name, html in cases.items():
        t0 = time.perf_counter()
        clean_document(html, is_html=True)
        dt = time.perf_counter() - t0
        out.append((name, len(html.encode()) / 1e6, dt))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", default="aeb,wcxb")
    ap.add_argument("--systems", default="ours,ours-structure,trafilatura,resiliparse")
    ap.add_argument("--no-hostile", action="store_true")
    args = ap.parse_args()
    if not SCORER.exists():
        print(f"skipped: {SCORER} is absent (../shared is not beside this checkout)")
        return 0
    score = _scorer()
    systems = _systems()
    names = [s for s in args.systems.split(",") if s]
    for ds in args.datasets.split(","):
        path = DATASETS[ds]
        if not path.exists():
            print(f"skipped {ds}: {path} is absent")
            continue
        truth, pages = load(path, score)
        print(f"\n{ds}: {len(pages)} pages")
        print(f"  {'system':<16} {'F1':>6} {'prec':>6} {'recall':>6} {'leak_lines':>10} {'pages/s/core':>13}")
        for name in names:
            m = evaluate(score, truth, pages, systems[name])
            print(f"  {name:<16} {m['f1']:6.3f} {m['precision']:6.3f} {m['recall']:6.3f} "
                  f"{m['leak_lines']:10.3f} {m['pages_per_s']:13.1f}", flush=True)
    if not args.no_hostile:
        print("\nhostile HTML through clean_document (target: no crash, <= 1 s per MB)")
        for name, mb, dt in hostile():
            print(f"  {name:<30} {mb:6.1f} MB {dt:7.2f} s {dt / mb:6.3f} s/MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
