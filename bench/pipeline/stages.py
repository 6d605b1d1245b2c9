#!/usr/bin/env python3
"""Each stage alone, in one process (one core), and its peer on the same documents.

    python bench/pipeline/stages.py CORPUS [--text 2000] [--html 400] [--profile 300]

Why: end-to-end rates say how fast the pipeline is, not which stage holds it back. Here
every document of a sample goes through ingest/decode, clean, langid, dedup signature and
extract one after another, each timed on CPU (``time.process_time``), so the figures are
per core whatever else the machine runs. On the same documents, in the same run, the
peers: trafilatura (HTML cleaning), langdetect (language of the same paragraphs), and
datasketch MinHash + LSH (near-duplicate signature, index insert and query). With
``--profile K`` the first K documents of each kind are also run under cProfile and the
functions that take the most time are listed. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "include"))
sys.path.insert(0, str(HERE))

from machine import peak_rss_mib  # noqa: E402

STAGES = ("ingest", "clean", "langid", "dedup", "extract")


def sample(folder: Path, pattern: str, k: int) -> list[Path]:
    """``k`` files spread evenly over the archive (every n-th in path order)."""
    files = sorted(folder.rglob(pattern))
    if k >= len(files):
        return files
    step = len(files) / k
    return [files[int(i * step)] for i in range(k)]


class Clock:
    """CPU seconds and bytes per stage."""

    def __init__(self, names) -> None:
        self.seconds = {n: 0.0 for n in names}
        self.bytes = {n: 0 for n in names}

    def run(self, name: str, size: int, fn, *args, **kw):
        t = time.process_time()
        out = fn(*args, **kw)
        self.seconds[name] += time.process_time() - t
        self.bytes[name] += size
        return out

    def rates(self, docs: int) -> dict:
        return {n: {"docs": docs, "cpu_s": round(s, 3), "mb": round(self.bytes[n] / 1e6, 2),
                    "docs_per_s_core": round(docs / s, 1) if s else None,
                    "mb_per_s_core": round(self.bytes[n] / 1e6 / s, 2) if s else None}
                for n, s in self.seconds.items()}


def _ours(files: list[Path], clock: Clock) -> list[tuple]:
    from newsevents import dedup, ingest
    from newsevents.pipeline import clean_stage, extract_stage, language_stage

    kept = []
    for f in files:
        doc = clock.run("ingest", f.stat().st_size, ingest.read_input, f)
        if isinstance(doc, ingest.Quarantined):
            continue
        size = len(doc.content)
        cleaned = clock.run("clean", size, clean_stage, doc.text, doc.is_html)
        text_bytes = len(cleaned.text.encode("utf-8"))
        labels, lang = clock.run("langid", text_bytes, language_stage, cleaned.paragraphs)
        clock.run("dedup", text_bytes, lambda: (dedup.document(doc.doc_id, cleaned.text, published=doc.published_at,
                                                               language=lang.language),
                                                dedup.repeated_paragraphs(cleaned.paragraphs)))
        clock.run("extract", text_bytes, extract_stage, cleaned.text, doc.published_at, lang.language)
        kept.append((doc, cleaned))
    return kept


def _peers(kept: list[tuple], clock: Clock) -> None:
    import numpy as np
    import trafilatura
    from datasketch import MinHash, MinHashLSH
    from langdetect import DetectorFactory, detect
    from langdetect.lang_detect_exception import LangDetectException

    from newsevents.dedup import normalized

    DetectorFactory.seed = 0
    lsh = MinHashLSH(threshold=0.8, num_perm=128)

    def minhash(key: str, text: str) -> None:
        words = normalized(text).split()
        grams = {" ".join(words[i : i + 3]).encode("utf-8") for i in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(grams))
        lsh.query(m)
        lsh.insert(key, m)

    def langdetect_all(paragraphs: list[str]) -> None:
        for p in paragraphs:
            try:
                detect(p)
            except LangDetectException:
                pass

    np.random.seed(0)
    detect("Warm-up: the peers load their profiles before the clock starts.")
    trafilatura.extract("<html><body><article><p>" + "Warm-up text. " * 30 + "</p></article></body></html>")
    for doc, cleaned in kept:
        text_bytes = len(cleaned.text.encode("utf-8"))
        if doc.is_html:
            clock.run("trafilatura", len(doc.content), trafilatura.extract, doc.text, favor_precision=True)
        clock.run("langdetect", text_bytes, langdetect_all, cleaned.paragraphs)
        clock.run("datasketch", text_bytes, minhash, doc.path, cleaned.text)


def profile(files: list[Path], top: int = 18) -> list[str]:
    prof = cProfile.Profile()
    prof.enable()
    _ours(files, Clock(STAGES))
    prof.disable()
    out = io.StringIO()
    stats = pstats.Stats(prof, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = [l.rstrip() for l in out.getvalue().splitlines()]
    start = next((i for i, l in enumerate(lines) if l.strip().startswith("ncalls")), 0)
    return [l for l in lines[start:] if l.strip()]


def run(corpus: Path, n_text: int, n_html: int, n_profile: int = 0) -> dict:
    out: dict = {}
    from newsevents.pipeline import process_text

    t = time.perf_counter()
    process_text("Warm-up: models and lexicons load once per process.", is_html=False, published_at=None)
    out["warm_up_s"] = round(time.perf_counter() - t, 3)
    for kind, pattern, k in (("text", "*.txt", n_text), ("html", "*.html", n_html)):
        files = sample(corpus / kind, pattern, k)
        if not files:
            continue
        ours = Clock(STAGES)
        kept = _ours(files, ours)
        peers = Clock(("trafilatura", "langdetect", "datasketch"))
        _peers(kept, peers)
        rates = ours.rates(len(kept))
        peer_rates = {k: v for k, v in peers.rates(len(kept)).items() if v["cpu_s"]}
        total = sum(ours.seconds.values())
        rates["all_stages"] = {"docs": len(kept), "cpu_s": round(total, 3),
                               "mb": round(ours.bytes["ingest"] / 1e6, 2),
                               "docs_per_s_core": round(len(kept) / total, 1),
                               "mb_per_s_core": round(ours.bytes["ingest"] / 1e6 / total, 2)}
        ratios = {}
        pairs = (("clean", "trafilatura"), ("langid", "langdetect"), ("dedup", "datasketch"))
        for mine, peer in pairs:
            if peer in peer_rates and rates[mine]["cpu_s"]:
                ratios[f"{mine}_vs_{peer}"] = round(peer_rates[peer]["cpu_s"] / rates[mine]["cpu_s"], 2)
        share = {n: round(s / total, 3) for n, s in ours.seconds.items()}
        out[kind] = {"stages": rates, "peers": peer_rates, "speed_ratio": ratios, "cpu_share": share,
                     "bottleneck": max(share, key=share.get)}
        if n_profile:
            out[kind]["profile"] = profile(files[:n_profile])
    out["peak_rss_mib"] = peak_rss_mib()
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("corpus", type=Path)
    ap.add_argument("--text", type=int, default=2000)
    ap.add_argument("--html", type=int, default=400)
    ap.add_argument("--profile", type=int, default=0)
    args = ap.parse_args()
    print(json.dumps(run(args.corpus, args.text, args.html, args.profile)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
