#!/usr/bin/env python3
"""Extraction coverage on a real corpus nobody here wrote: Russian MoD Telegram posts.

    python bench/extract/bench_mod_coverage.py [--limit N] [--show K]

Reads ../shared/data/corpora/mod_russia_clean.csv at run time (no licence: never copied
into the repository). Among the posts that state "уничтожены/перехвачены N ...
беспилотников", it reports

- ``coverage_total``: the share that yield an ``air_attack`` with that N (drones,
  destroyed = N): the country-wide total (admin1 null), or the region's event where N
  is stated for one region only ("2 БПЛА над Белгородской областью");
- ``coverage_breakdown``: among those with a per-region list ("▫️ 12 – над территорией
  Курской области, ..."), the share where every listed region whose name the snippet
  holds whole yields its own event with its own number (the region read by the
  gazetteer, the number and the pairing read here by an independent pattern);
- ``breakdowns_above_total``: posts whose regional figures add up to more than their own
  total (the extractor's ``checks``; in the warehouse, mart.air_attack_breakdowns).

The snippets are truncated, so a list's last item may be cut ("над территорией Курс"):
such an item is not expected.
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
REGION_ITEM = re.compile(
    r"▫️?\s*\**\s*(\d+)\**\s*(?:БПЛА\s*)?(?:сбит\w*\s*)?[–—-]\s*(?:над\s+)?(?:территори\w+|акватори\w+)\s*\**\s*"
    r"((?:Республики\s+[А-ЯЁ][\w-]+)|(?:[А-ЯЁ][\w-]+\s+(?:области|края|региона|моря|округа))(?=[\s*,.;)]))")


# "N БПЛА над территорией Белгородской области" (one region right after N, no list):
# N is that region's figure, not a country-wide total
ONE_REGION = re.compile(
    r"\s*\**\s*(?:\**[\w-]+\**\s+){0,6}?\**\s*(?:над|в)\s+(?:территори[ейи]\w*\s+|акватори[ейи]\w*\s+)?\**\s*"
    r"((?:Республик\w+\s+)?[А-ЯЁ][\w-]+(?:\s+(?:област\w*|кра[йяею]|регион\w*|мор\w+))?)(?![\w-])"
    r"(?!\**\s*,\s*\**[А-ЯЁ])"
    r"(?!\**\s+и\s+(?:над\s+)?(?:территори\w+\s+|акватори\w+\s+)?\**(?:[А-ЯЁ]|северо|юго|западн|восточн))(?!\s*\()")


def expected_items(text: str) -> list[tuple[int, str]]:
    return [(int(m.group(1)), m.group(2)) for m in REGION_ITEM.finditer(text)]


def measure(limit: int = 0, show: int = 0) -> dict:
    from newsevents.extract import gazetteer
    from newsevents.pipeline import clean_stage, extract_stage

    with open(CORPUS, newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    posts = []
    for r in rows:
        m = STATES.search(r["text_snippet"])
        if m:
            posts.append((r, int(re.sub(r"\s", "", m.group(1)))))
    if limit:
        posts = posts[:limit]
    if posts:  # load the lexicons and the gazetteer before anything is timed
        extract_stage(clean_stage(posts[0][0]["text_snippet"], False).text, date.fromisoformat(posts[0][0]["date"]), "ru")
    total_hit = breakdown_hit = breakdown_posts = above = 0
    kb = 0.0
    elapsed = 0.0
    misses = []
    for r, n in posts:
        cleaned = clean_stage(r["text_snippet"], False).text
        kb += len(cleaned.encode("utf-8")) / 1024
        t0 = time.process_time()
        events = extract_stage(cleaned, date.fromisoformat(r["date"]), "ru")
        elapsed += time.process_time() - t0
        air = [e for e in events if e["type"] == "air_attack" and e.get("weapon") == "drone"]
        above += any((e.get("checks") or {}).get("parts_sum", 0) > max((e.get("quantities") or {}).values(), default=0)
                     for e in air if e.get("admin1") is None and e.get("checks"))
        m = STATES.search(cleaned)
        one = ONE_REGION.match(cleaned, m.end()) if m else None
        where = None
        if one:
            place = gazetteer.lookup(one.group(1))
            where = place.admin1 if place else one.group(1)
        ok_total = any(e.get("admin1") == where and (e.get("quantities") or {}).get("destroyed") == n for e in air)
        total_hit += ok_total
        items = expected_items(cleaned)
        ok_regions = True
        if items:
            breakdown_posts += 1
            got = {(e.get("admin1"), (e.get("quantities") or {}).get("destroyed")) for e in air if e.get("admin1")}
            want = set()
            for value, name in items:
                place = gazetteer.lookup(name)
                want.add((place.admin1 if place else name, value))
            ok_regions = ok_total and want <= got
            breakdown_hit += ok_regions
        if (not ok_total or not ok_regions) and len(misses) < show:
            misses.append((n, cleaned[:400], items, [(e.get("admin1"), e.get("quantities")) for e in air]))
    for n, text, items, got in misses:
        print(f"MISS N={n}: {text!r}\n   want {items}\n   got {got}")
    return {"posts": len(posts), "corpus_rows": len(rows), "breakdown_posts": breakdown_posts,
            "coverage_total": total_hit / max(len(posts), 1),
            "coverage_breakdown": breakdown_hit / max(breakdown_posts, 1),
            "ms_per_kb": elapsed * 1000 / max(kb, 1e-9), "kb": kb, "above_total": above}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--show", type=int, default=0, help="print K misses")
    args = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: {CORPUS} is absent (it lives in ../shared, never in the repository)")
        return 0
    res = measure(args.limit, args.show)
    print(f"posts stating N destroyed drones: {res['posts']} (of {res['corpus_rows']})")
    print(f"with a regional breakdown: {res['breakdown_posts']}")
    print(f"extraction speed: {res['ms_per_kb']:.3f} ms per KB of cleaned text")
    print(f"coverage_breakdown={res['coverage_breakdown']:.3f}")
    print(f"coverage_total={res['coverage_total']:.3f}")
    print(f"breakdowns_above_total={res['above_total']} (regions summing above the post's own total: "
          f"mistakes in the source, listed by mart.air_attack_breakdowns once loaded)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
