#!/usr/bin/env python3
"""Extraction coverage on a real corpus nobody here wrote: Russian MoD Telegram posts.

    python bench/extract/bench_mod_coverage.py [--limit N] [--show K]

Reads ../shared/data/corpora/mod_russia_clean.csv at run time (no licence: never copied
into the repository). Among the posts that state "уничтожены/перехвачены N ...
беспилотников", it reports the share that yield an ``air_attack`` total with that N
(destroyed = N, admin1 null), and the share whose per-region breakdown ("▫️ 12 – над
территорией Курской области, ...") is extracted whole: one event per listed region with
its number. Prints ``coverage_total=`` and ``coverage_breakdown=`` last.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
CORPUS = ROOT.parent / "shared" / "data" / "corpora" / "mod_russia_clean.csv"

STATES = re.compile(r"(?:уничтожен|перехвачен)\w*\s+(?:и\s+(?:уничтожен|перехвачен)\w*\s+)?\**\s*(\d[\d\s]*)\s*\**\s+"
                    r"(?:\w+\s+){0,3}?(?:беспилотн|БПЛА)", re.IGNORECASE)
REGION_ITEM = re.compile(r"▫️?\s*\**\s*(\d+)\**\s*(?:БПЛА\s*)?(?:сбит\w*\s*)?[–—-]?\s*(?:над\s+)?(?:территори\w+|акватори\w+)", re.IGNORECASE)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print K misses")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (it lives in ../shared, never in the repository)")
        return 0
    from newsevents.pipeline import clean_stage, extract_stage

    with open(CORPUS, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    posts = []
    for r in rows:
        m = STATES.search(r["text_snippet"])
        if m:
            posts.append((r, int(re.sub(r"\s", "", m.group(1))), len(REGION_ITEM.findall(r["text_snippet"]))))
    if args.limit:
        posts = posts[: args.limit]
    total_hit = breakdown_hit = breakdown_posts = 0
    chars = 0
    elapsed = 0.0
    misses = []
    for r, n, regions in posts:
        cleaned = clean_stage(r["text_snippet"], False).text
        chars += len(cleaned.encode("utf-8"))
        t0 = time.perf_counter()
        events = extract_stage(cleaned, date.fromisoformat(r["date"]), "ru")
        elapsed += time.perf_counter() - t0
        air = [e for e in events if e["type"] == "air_attack" and e.get("weapon") == "drone"]
        ok_total = any(e.get("admin1") is None and (e.get("quantities") or {}).get("destroyed") == n for e in air)
        total_hit += ok_total
        if regions:
            breakdown_posts += 1
            regional = [e for e in air if e.get("admin1")]
            ok_regions = ok_total and len(regional) >= regions
            breakdown_hit += ok_regions
        if not ok_total and len(misses) < args.show:
            misses.append((n, r["text_snippet"][:300], [(e.get("admin1"), e.get("quantities")) for e in air]))
    for n, text, got in misses:
        print(f"MISS N={n}: {text!r}\n   got {got}")
    print(f"posts stating N destroyed drones: {len(posts)} (of {len(rows)})")
    print(f"with a regional breakdown: {breakdown_posts}")
    print(f"extraction speed: {elapsed / max(chars / 1024, 1e-9) * 1000:.3f} ms per KB of cleaned text")
    print(f"coverage_breakdown={breakdown_hit / max(breakdown_posts, 1):.3f}")
    print(f"coverage_total={total_hit / max(len(posts), 1):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
