#!/usr/bin/env python3
"""Which output lines leak, page by page: the lines ``score_html.leaks`` counts against a page.

    python bench/clean/leaks.py [--dataset aeb|wcxb] [--show N] [--system ours|structure]

``leak_lines`` in ``../shared/eval/score_html.py`` is the share of pages with at least one
output line absent from the ground truth (a short line not in it, or a longer line with
under half of its 4-word shingles in it). This script cleans every page, finds those
lines, and tallies them by *kind* (where the line sits relative to the article text, its
length, its element) and by page, so the next rule is chosen from counts, not anecdotes.
"""
from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_html import DATASETS, SCORER, _scorer, load  # noqa: E402


def leaking_lines(score, truth: str, pred: str) -> list[tuple[int, str]]:
    """(line number, line) of every output line ``score.leaks`` would count."""
    folded = " ".join(score.TOKEN.findall(truth))
    truth_sh = set(score.shingles(truth))
    out = []
    for n, line in enumerate(pred.splitlines()):
        tokens = score.TOKEN.findall(line)
        if not tokens:
            continue
        if len(tokens) < 4:
            if " ".join(tokens) not in folded:
                out.append((n, line))
        else:
            own = set(score.shingles(line))
            if len(own & truth_sh) * 2 < len(own):
                out.append((n, line))
    return out


def kind(score, truth: str, lines: list[str], n: int) -> str:
    """Where a leaking line sits: before the first / after the last kept truth line, or
    between; and short (< 4 words), medium (< 12) or long."""
    truth_sh = set(score.shingles(truth))
    good = [i for i, ln in enumerate(lines)
            if len(score.TOKEN.findall(ln)) >= 4 and set(score.shingles(ln)) & truth_sh]
    if not good:
        where = "no-article"
    elif n < good[0]:
        where = "before"
    elif n > good[-1]:
        where = "after"
    else:
        where = "inside"
    words = len(score.TOKEN.findall(lines[n]))
    size = "short" if words < 4 else "medium" if words < 12 else "long"
    return f"{where}/{size}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dataset", default="aeb", choices=sorted(DATASETS))
    ap.add_argument("--show", type=int, default=0, help="print the leaking lines of up to N pages")
    ap.add_argument("--system", default="ours", choices=("ours", "structure"))
    ap.add_argument("--lost", type=int, default=0,
                    help="also tally article text removed, by rule, and print up to N such lines")
    args = ap.parse_args()
    if not SCORER.exists():
        print(f"skipped: {SCORER} is absent")
        return 0
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "include"))
    from newsevents import htmlclean
    from newsevents.clean import clean_document

    score = _scorer()
    truth, pages = load(DATASETS[args.dataset], score)
    kinds: collections.Counter = collections.Counter()
    pages_by_kind: collections.Counter = collections.Counter()
    leaky = 0
    shown = 0
    lost_chars: collections.Counter = collections.Counter()
    lost_lines: list[tuple[str, str, str]] = []
    for key, html in pages.items():
        if args.system == "ours":
            res = clean_document(html, is_html=True)
            pred = res.text
            if args.lost:
                for r in res.removed:
                    for line in r.text.splitlines():
                        if len(score.TOKEN.findall(line)) >= 4 and not leaking_lines(score, truth[key], line):
                            lost_chars[r.rule] += len(line)
                            lost_lines.append((r.rule, key[:12], line))
        else:
            pred = "\n".join(b.text for b in htmlclean.extract(html).blocks)
        lines = pred.splitlines()
        bad = leaking_lines(score, truth[key], pred)
        if not bad:
            continue
        leaky += 1
        ks = [kind(score, truth[key], lines, n) for n, _ in bad]
        kinds.update(ks)
        pages_by_kind.update(set(ks))
        if shown < args.show:
            shown += 1
            print(f"--- {key} ({len(bad)} leaking of {len(lines)} lines)")
            for (n, line), k in zip(bad, ks):
                print(f"  [{k:14}] {line[:160]}")
    print(f"\n{args.dataset}: {leaky}/{len(pages)} pages leak (leak_lines {leaky / len(pages):.3f})")
    print(f"  {'kind':<16} {'lines':>6} {'pages':>6}")
    for k, v in sorted(kinds.items(), key=lambda kv: -pages_by_kind[kv[0]]):
        print(f"  {k:<16} {v:6d} {pages_by_kind[k]:6d}")
    if args.lost:
        print("\narticle text removed (lines of >= 4 words found in the truth), by rule:")
        for rule, n in lost_chars.most_common():
            print(f"  {rule:<28} {n:8d} chars")
        for rule, key, line in lost_lines[: args.lost]:
            print(f"  [{rule}] {key} {line[:150]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
