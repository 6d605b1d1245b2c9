#!/usr/bin/env python3
"""Language identification: the project's detector beside seeded langdetect, same data, same run.

    python bench/langid/bench_langid.py [--sample N]

Reads ``../shared/data/langid/testset.jsonl`` (the evaluation set: nothing here is fitted
on it). Prints, for both detectors, macro accuracy over ro en ru uk fr de pl on the
Universal Dependencies items (short ~17 characters / sentence / 3-sentence paragraph),
sentences per second of CPU (one core, both timed alternately in this process), peak RSS
and cold start of a fresh process that loads the detector and labels the sentences,
then the known traps: uk->ru, be->uk/ru, Romanian with comma-below, cedilla and no
diacritics, answers changed across runs and processes on 600 texts, and the lingua-py
items (32 European languages) for reference. The child processes run with sockets
disabled, so a detector that tried to fetch anything would fail there. ``--sample N``
keeps every k-th item of each group (quick runs; the README's figures use the whole set).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
TESTSET = ROOT.parent / "shared" / "data" / "langid" / "testset.jsonl"
MACRO = ("ro", "en", "ru", "uk", "fr", "de", "pl")
DETERMINISM_TEXTS = 600
DETECTORS = ("newsevents", "langdetect")
LABELS = {"newsevents": "newsevents.langid (py3langid + fastText lite + word lists + letter n-grams)",
          "newsevents-uniform": "newsevents.langid with a uniform prior",
          "langdetect": "langdetect 1.0.9 seeded (the previous detector)"}
ACCURACY_ONLY = ("newsevents-uniform",)

# Run in a child: sockets refuse, so fetching anything fails loudly.
NO_NETWORK = """
import socket
def _refuse(*a, **k):
    raise OSError("network disabled by bench_langid")
socket.socket.connect = _refuse
socket.socket.connect_ex = _refuse
socket.create_connection = _refuse
socket.getaddrinfo = _refuse
"""

CHILD = NO_NETWORK + """
import json, sys, time
t0 = time.perf_counter()
sys.path[:0] = [{include!r}, {bench!r}]
from bench_detectors import make
detect = make({name!r})
first = detect("Forțele ruse au capturat trei așezări în estul Ucrainei.")
cold = time.perf_counter() - t0
texts = json.load(open({texts!r}, encoding="utf-8"))
answers = [detect(t) for t in texts]
# this process's own peak (ru_maxrss would carry the parent's peak across exec)
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0].split()[1]
print(json.dumps({{"cold_start": cold, "answers": answers, "rss_mb": int(hwm) / 1024}}))
"""


def load(sample: int) -> list[dict]:
    rows = [json.loads(line) for line in TESTSET.open(encoding="utf-8")]
    if sample <= 1:
        return rows
    groups: dict = defaultdict(list)
    for r in rows:
        groups[(r["src"], r["bucket"], r["lang"])].append(r)
    return [r for g in groups.values() for r in g[::sample]]


def child(name: str, texts_file: Path, seed: str, cache: str | None = None) -> dict:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    if cache:
        env["NEWSEVENTS_CACHE_DIR"] = cache
    code = CHILD.format(include=str(ROOT / "include"), bench=str(Path(__file__).resolve().parent),
                        name=name, texts=str(texts_file))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         cwd=str(ROOT), timeout=1800)
    if out.returncode:
        raise RuntimeError(f"{name} child failed:\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def accuracy(pred: dict, rows: list[dict]) -> dict:
    """(src, bucket, lang) -> (correct share, confusion counts)."""
    acc: dict = defaultdict(lambda: [0, 0, defaultdict(int)])
    for r in rows:
        a = acc[(r["src"], r["bucket"], r["lang"])]
        p = pred[r["id"]]
        a[0] += p == r["lang"]
        a[1] += 1
        a[2][p] += 1
    return acc


def macro(acc: dict, src: str, bucket: str, langs) -> float:
    vals = [acc[(src, bucket, lang)][0] / acc[(src, bucket, lang)][1]
            for lang in langs if acc.get((src, bucket, lang), [0, 0])[1]]
    return 100 * sum(vals) / len(vals) if vals else float("nan")


def rate(acc: dict, key: tuple, labels) -> float:
    a = acc.get(key)
    if not a or not a[1]:
        return float("nan")
    return 100 * sum(a[2].get(lab, 0) for lab in labels) / a[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sample", type=int, default=1, help="keep every k-th item of each group")
    args = ap.parse_args()
    if not TESTSET.exists():
        print(f"skipped: {TESTSET} is absent (it lives in ../shared)")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_detectors import make

    rows = load(args.sample)
    detectors = {name: make(name) for name in DETECTORS}
    preds = {name: {r["id"]: det(r["text"]) for r in rows}
             for name, det in list(detectors.items()) + [(n, make(n)) for n in ACCURACY_ONLY]}
    accs = {name: accuracy(p, rows) for name, p in preds.items()}

    # speed: UD sentences, CPU time of this process, the detectors alternating
    sentences = [r["text"] for r in rows if r["src"] == "ud" and r["bucket"] == "sentence"]
    cpu = {name: [] for name in DETECTORS}
    for _ in range(3):
        for name, det in detectors.items():
            t = time.process_time()
            for s in sentences:
                det(s)
            cpu[name].append(time.process_time() - t)
    speed = {name: len(sentences) / min(v) for name, v in cpu.items()}

    # fresh processes: cold start, RSS, determinism (two hash seeds) with sockets disabled
    step = max(len(rows) // DETERMINISM_TEXTS, 1)
    probe = [r["text"] for r in rows[::step]][:DETERMINISM_TEXTS]
    texts_file = ROOT / ".local" / "bench_langid_texts.json"
    texts_file.parent.mkdir(parents=True, exist_ok=True)
    texts_file.write_text(json.dumps(sentences + probe, ensure_ascii=False), encoding="utf-8")
    runs = {}
    for name in DETECTORS + ("langdetect-unseeded",):
        a, b = child(name, texts_file, "1"), child(name, texts_file, "2")
        here = [detectors[name](t) for t in probe] if name in detectors else None
        pa, pb = a["answers"][len(sentences):], b["answers"][len(sentences):]
        changed = sum(x != y or (here is not None and x != h)
                      for x, y, h in zip(pa, pb, here or pa))
        runs[name] = {"cold": min(a["cold_start"], b["cold_start"]),
                      "rss": max(a["rss_mb"], b["rss_mb"]), "changed": changed, "n": len(pa)}

    import tempfile

    with tempfile.TemporaryDirectory() as empty:
        first_run = child("newsevents", texts_file, "3", cache=empty)["cold_start"]

    lingua_langs = sorted({r["lang"] for r in rows if r["src"] == "lingua"})
    print(f"Test set: {TESTSET.name}, {len(rows)} items"
          + (f" (every {args.sample}th of each group)" if args.sample > 1 else ""))
    print()
    print("| detector | short | sentence | paragraph | sentences/s | RSS | cold start |")
    print("|---|---|---|---|---|---|---|")
    for name in DETECTORS:
        acc = accs[name]
        print(f"| {LABELS[name]} | {macro(acc, 'ud', 'short', MACRO):.1f} | "
              f"{macro(acc, 'ud', 'sentence', MACRO):.2f} | {macro(acc, 'ud', 'paragraph', MACRO):.2f} | "
              f"{speed[name]:,.0f} | {runs[name]['rss']:.0f} MB | {runs[name]['cold']:.2f} s |")
    for name in ACCURACY_ONLY:
        acc = accs[name]
        print(f"| {LABELS[name]} | {macro(acc, 'ud', 'short', MACRO):.1f} | "
              f"{macro(acc, 'ud', 'sentence', MACRO):.2f} | {macro(acc, 'ud', 'paragraph', MACRO):.2f} | "
              "as above | as above | as above |")
    print()
    shown = DETECTORS + ACCURACY_ONLY
    print("| trap | " + " | ".join(shown) + " |")
    print("|---|" + "---|" * len(shown))
    traps = [
        ("uk->ru, short (%)", lambda a: rate(a, ("ud", "short", "uk"), ["ru"]), ".2f"),
        ("uk->ru, sentences (%)", lambda a: rate(a, ("ud", "sentence", "uk"), ["ru"]), ".2f"),
        ("ru->uk, short (%)", lambda a: rate(a, ("ud", "short", "ru"), ["uk"]), ".2f"),
        ("be sentences labelled uk/ru (%)", lambda a: rate(a, ("ud", "sentence", "be"), ["uk", "ru"]), ".2f"),
        ("be short labelled uk/ru (%)", lambda a: rate(a, ("ud", "short", "be"), ["uk", "ru"]), ".2f"),
        ("Romanian short, comma-below (%)", lambda a: rate(a, ("ud", "short", "ro"), ["ro"]), ".1f"),
        ("Romanian short, cedilla (%)", lambda a: rate(a, ("ro_variants", "short/cedilla", "ro"), ["ro"]), ".1f"),
        ("Romanian short, no diacritics (%)",
         lambda a: rate(a, ("ro_variants", "short/nodiacritics", "ro"), ["ro"]), ".1f"),
        ("Romanian sentences, no diacritics (%)",
         lambda a: rate(a, ("ro_variants", "sentence/nodiacritics", "ro"), ["ro"]), ".1f"),
        ("lingua-py 32 languages, short (macro %)", lambda a: macro(a, "lingua", "short", lingua_langs), ".1f"),
        ("lingua-py 32 languages, sentences (macro %)",
         lambda a: macro(a, "lingua", "sentence", lingua_langs), ".1f"),
        ("lingua-py 32 languages, paragraphs (macro %)",
         lambda a: macro(a, "lingua", "paragraph", lingua_langs), ".1f"),
    ]
    for label, fn, fmt in traps:
        print(f"| {label} | " + " | ".join(format(fn(accs[n]), fmt) for n in shown) + " |")
    print("| answers changed across runs and processes | "
          + " | ".join(f"{runs[n]['changed']} of {runs[n]['n']}" for n in DETECTORS) + " | |")
    print(f"\nlangdetect unseeded, for reference: {runs['langdetect-unseeded']['changed']} of "
          f"{runs['langdetect-unseeded']['n']} answers changed between two processes")
    print("cold start: a fresh process (sockets disabled) from before the import to the first answer; "
          f"the first run on a machine, which derives the model cache, took {first_run:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
