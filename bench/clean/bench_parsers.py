#!/usr/bin/env python3
"""Which HTML parser under the cleaner: BeautifulSoup (html.parser or lxml) against lxml's
parser events read directly (``htmlclean._parse``), and the flat fallback.

    python bench/clean/bench_parsers.py [--no-aeb]

The design names BeautifulSoup as the project's parser; this measures whether it is the
sound tool for the main path or for the fallback on markup lxml gives up on. Hostile
pages (the bench_html.py kinds, at 2 MB where BeautifulSoup would take minutes at 20 MB)
in CPU seconds per MB (bound: 1 s/MB), and AEB pages per CPU-second for parsing alone
(BeautifulSoup: soup + get_text; ours: parse + segment into blocks).
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

def _parsers():
    from bs4 import BeautifulSoup

    from newsevents import htmlclean
    from newsevents.clean import _clean_html_fallback

    def ours(html):
        try:
            return len(htmlclean._parse(html).blocks)
        except htmlclean.TooDeep:
            return "TooDeep"

    return {
        "bs4 html.parser": lambda h: len(BeautifulSoup(h, "html.parser").get_text("\n")),
        "bs4 lxml": lambda h: len(BeautifulSoup(h, "lxml").get_text("\n")),
        "lxml events (ours)": ours,
        "flat fallback (ours)": lambda h: len(_clean_html_fallback(h, "bench").text),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-aeb", action="store_true")
    args = ap.parse_args()
    from bench_html import DATASETS, SCORER, _scorer, hostile_pages, load

    parsers = _parsers()
    print("hostile pages, CPU seconds per MB (bound 1 s/MB)")
    print(f"  {'page':<30}" + "".join(f"{n:>22}" for n in parsers))
    for name, html in hostile_pages(mb=2).items():
        mb = len(html.encode()) / 1e6
        row = []
        for fn in parsers.values():
            t0 = time.process_time()
            fn(html)
            row.append((time.process_time() - t0) / mb)
        print(f"  {name:<30}" + "".join(f"{v:22.3f}" for v in row), flush=True)
    if args.no_aeb or not SCORER.exists() or not DATASETS["aeb"].exists():
        return 0
    _, pages = load(DATASETS["aeb"], _scorer())
    print(f"\nAEB ({len(pages)} pages), parsing alone, pages per CPU-second")
    for name, fn in parsers.items():
        if name.startswith("flat"):
            continue
        t0 = time.process_time()
        for html in pages.values():
            fn(html)
        print(f"  {name:<22} {len(pages) / (time.process_time() - t0):8.1f}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
