#!/usr/bin/env python3
"""One cold extraction pass over the seeds, for counting its CPU instructions: a figure
the load of a shared machine does not move (CPU time does, by 10-20 % here).

    valgrind --tool=callgrind --collect-atstart=no --toggle-collect=map_next \
        --callgrind-out-file=/tmp/extract.cg .venv/bin/python bench/extract/count_instructions.py [--mod N]
    # "Collected : N" is the pass's instruction count

With ``--mod N``: the first N MoD posts stating destroyed drones (bench_mod_coverage.py's
selection) instead of the seeds (short posts full of figures: another profile).

The lexicons and the gazetteer are loaded first; the pass runs inside map() so callgrind
counts only it (--toggle-collect=map_next); each document is read cold, as in
bench_extract.py. Set PYTHONHASHSEED=0 for the same count run after run.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "include"))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _mod_posts(limit: int) -> list[tuple]:
    import csv
    from datetime import date

    import bench_mod_coverage as mod
    from newsevents.pipeline import clean_stage

    if not mod.CORPUS.exists():
        return []
    with open(mod.CORPUS, newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if mod.STATES.search(r["text_snippet"])][:limit]
    return [(clean_stage(r["text_snippet"], False).text, date.fromisoformat(r["date"]), "ru") for r in rows]


def main() -> int:
    import argparse

    import bench_extract as bench
    from newsevents.pipeline import extract_stage

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mod", type=int, default=0, help="the first N MoD posts instead of the seeds")
    args = ap.parse_args()
    docs = _mod_posts(args.mod) if args.mod else bench._articles([bench.SHARED / "seeds"])
    if not docs:
        print("skipped: ../shared is absent")
        return 0
    for text, pub, lang in docs:
        extract_stage(text, pub, lang)  # load lexicons and the gazetteer before counting

    def one_pass(_):
        for text, pub, lang in docs:
            bench._cold()
            extract_stage(text, pub, lang)

    list(map(one_pass, [None]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
