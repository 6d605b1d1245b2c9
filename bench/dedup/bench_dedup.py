#!/usr/bin/env python3
"""Near-duplicate benchmark: our MinHash LSH + facts guard vs SimHash and datasketch.

    python bench/dedup/bench_dedup.py [--seed 1] [--bases 2000] [--show 5]

Generates the labelled set (generate.py, real text from ../shared; copies are text as it
looks after cleaning, ``--clean`` runs the cleaner on every document first) and runs in the
same process:

  minhash+guard   newsevents.dedup: MinHash LSH bands within the date window, exact
                  shingle Jaccard/containment, the facts guard (what the DAG runs)
  simhash         the previous method: 64-bit SimHash, Hamming <= 3, numbers subset
  datasketch      datasketch.MinHashLSH (threshold 0.5, 128 perms), Jaccard estimate >= 0.5
  datasketch+guard  datasketch LSH candidates (threshold 0.3), decided by our compare()

For each: pair precision / recall / F1 over all document pairs, B-cubed cluster F1, the
share of stories recovered exactly, copy recall per transform, merges per hard-negative
kind, and seconds. The last lines are key=value figures for the chosen method, then the
`newsevents dedup` CLI check (republished copies together, another day's templated
report apart).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from math import comb
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

from newsevents import dedup  # noqa: E402
import simhash_baseline as simhash  # noqa: E402
from newsevents.pipeline import clean_stage  # noqa: E402

NEGATIVE_KINDS = ("template_numbers", "template_place", "same_text_other_day", "other_day")


# --- methods ------------------------------------------------------------------------------------

def run_ours(items, texts):
    t0 = time.perf_counter()
    docs = dedup.documents((it.name, texts[it.name], it.published, it.language) for it in items)
    t1 = time.perf_counter()
    clusters, links = dedup.cluster(docs)
    t2 = time.perf_counter()
    return {k: v[0] for k, v in clusters.items()}, {"signature_s": t1 - t0, "cluster_s": t2 - t1}


_OLD_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")


def run_simhash(items, texts):
    """The method this issue replaces, as it was: SimHash bands + numbers-subset guard."""
    t0 = time.perf_counter()
    sigs = {}
    for it in items:
        t = texts[it.name]
        facts = frozenset(re.sub(r"[.,\s]", "", m.group(0)) for m in _OLD_NUMBER.finditer(t))
        sigs[it.name] = (dedup.exact_hash(t), simhash.simhash64(t), facts, len(dedup.normalized(t)))
    t1 = time.perf_counter()
    buckets = defaultdict(list)
    for k, (ex, h, _, _) in sigs.items():
        for i, b in enumerate(simhash.bands(h)):
            buckets[(i, b)].append(k)
        buckets[("x", ex)].append(k)
    uf = dedup.UnionFind(sigs)
    for members in buckets.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = sigs[members[i]], sigs[members[j]]
                if a[0] == b[0]:
                    uf.union(members[i], members[j])
                    continue
                if not a[3] or not b[3] or simhash.hamming(a[1], b[1]) > simhash.MAX_HAMMING:
                    continue
                short, long_ = (a, b) if a[3] <= b[3] else (b, a)
                if short[2] <= long_[2]:
                    uf.union(members[i], members[j])
    t2 = time.perf_counter()
    return {k: uf.find(k) for k in sigs}, {"signature_s": t1 - t0, "cluster_s": t2 - t1}


def _ds_minhashes(items, texts, num_perm=128):
    from datasketch import MinHash
    out = {}
    for it in items:
        words = dedup.normalized(texts[it.name]).split()
        grams = {" ".join(words[i:i + 3]) for i in range(max(1, len(words) - 2))}
        m = MinHash(num_perm=num_perm)
        m.update_batch([g.encode("utf-8") for g in grams])
        out[it.name] = m
    return out


def run_datasketch(items, texts, threshold=0.5):
    from datasketch import MinHashLSH
    t0 = time.perf_counter()
    mh = _ds_minhashes(items, texts)
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    uf = dedup.UnionFind(mh)
    for k, m in mh.items():
        for other in lsh.query(m):
            if m.jaccard(mh[other]) >= threshold:
                uf.union(k, other)
        lsh.insert(k, m)
    t2 = time.perf_counter()
    return {k: uf.find(k) for k in mh}, {"signature_s": t1 - t0, "cluster_s": t2 - t1}


def run_datasketch_guard(items, texts):
    from datasketch import MinHashLSH
    t0 = time.perf_counter()
    mh = _ds_minhashes(items, texts)
    docs = {it.name: dedup.document(it.name, texts[it.name], published=it.published) for it in items}
    t1 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.3, num_perm=128)
    uf = dedup.UnionFind(mh)
    for k, m in mh.items():
        for other in lsh.query(m):
            if dedup.compare(docs[k], docs[other]).duplicate:
                uf.union(k, other)
        lsh.insert(k, m)
    t2 = time.perf_counter()
    return {k: uf.find(k) for k in mh}, {"signature_s": t1 - t0, "cluster_s": t2 - t1}


METHODS = {"minhash+guard": run_ours, "simhash": run_simhash, "datasketch": run_datasketch,
           "datasketch+guard": run_datasketch_guard}


# --- scoring ------------------------------------------------------------------------------------

def pair_scores(pred: dict[str, str], gold: dict[str, str]) -> dict:
    cells = Counter((pred[k], gold[k]) for k in gold)
    tp = sum(comb(n, 2) for n in cells.values())
    pp = sum(comb(n, 2) for n in Counter(pred[k] for k in gold).values())
    gp = sum(comb(n, 2) for n in Counter(gold.values()).values())
    p = tp / pp if pp else 1.0
    r = tp / gp if gp else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "true_pairs": gp, "predicted_pairs": pp}


def bcubed(pred: dict[str, str], gold: dict[str, str]) -> dict:
    cells = Counter((pred[k], gold[k]) for k in gold)
    psize = Counter(pred[k] for k in gold)
    gsize = Counter(gold.values())
    p = sum(cells[(pred[k], gold[k])] / psize[pred[k]] for k in gold) / len(gold)
    r = sum(cells[(pred[k], gold[k])] / gsize[gold[k]] for k in gold) / len(gold)
    members_p, members_g = defaultdict(set), defaultdict(set)
    for k in gold:
        members_p[pred[k]].add(k)
        members_g[gold[k]].add(k)
    exact = sum(1 for s, m in members_g.items() if members_p[pred[next(iter(m))]] == m)
    return {"bcubed_f1": 2 * p * r / (p + r), "stories_exact": exact / len(members_g)}


def breakdown(items, pred, template_pairs):
    by = {it.name: it for it in items}
    copy_hits, copy_total = Counter(), Counter()
    for it in items:
        if it.kind == "copy":
            ok = pred[it.name] == pred[it.base]
            for t in it.transforms:
                copy_total[t] += 1
                copy_hits[t] += ok
    merges = Counter()
    totals = Counter()
    for it in items:
        if it.kind in NEGATIVE_KINDS:
            totals[it.kind] += 1
            merges[it.kind] += pred[it.name] == pred[by[it.base].story]
    totals["real_template_pairs"] = len(template_pairs)
    merges["real_template_pairs"] = sum(pred[a] == pred[b] for a, b in template_pairs)
    return ({t: (copy_hits[t], copy_total[t]) for t in sorted(copy_total)},
            {k: (merges[k], totals[k]) for k in (*NEGATIVE_KINDS, "real_template_pairs")})


def real_template_pairs(items, texts) -> list[tuple[str, str]]:
    """Pairs of real bases of different stories whose shingle sets have Jaccard >= 0.5."""
    bases = [it for it in items if it.kind == "base"]
    story = {it.name: it.story for it in bases}
    docs = {it.name: dedup.document(it.name, texts[it.name]) for it in bases}
    from datasketch import MinHashLSH
    mh = _ds_minhashes(bases, texts)
    lsh = MinHashLSH(threshold=0.4, num_perm=128)
    out = []
    for k, m in mh.items():
        for other in lsh.query(m):
            a, b = docs[k].shingles, docs[other].shingles
            inter = len(set(a.tolist()) & set(b.tolist()))
            if inter / (len(a) + len(b) - inter) >= 0.5 and story[k] != story[other]:
                out.append(tuple(sorted((k, other))))
        lsh.insert(k, m)
    return sorted(set(out))


# --- the day window on real data -----------------------------------------------------------------

def day_policy(window_days: list[int]) -> list[str]:
    """What the adjacent-day window gains and costs on real dated text.

    Gain: VIINA rows that cite the same source URL with the same text are one article
    (VIINA dates its events by report, so one article often lands on two dates): the
    pairs of such a group our rules put in one story, by the days between them.
    Cost: distinct Russian MoD posts (distinct texts; templated reports, mostly) our
    rules merge, by the days between them. Run for each day window asked."""
    import csv
    from collections import Counter as C
    from datetime import date as D
    import importlib
    cl = importlib.import_module("newsevents.dedup.cluster")
    match = importlib.import_module("newsevents.dedup.match")
    data = generate.DATA / "corpora"
    rows = []
    for f in sorted((data / "viina").glob("VIINA_20??_REBUILD.csv")):
        with open(f, newline="", encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                d = r["date"]
                rows.append((f"viina-{r['event_id_1pd']}", r["representative_text"],
                             D(int(d[:4]), int(d[4:6]), int(d[6:8])), r["source_urls"]))
    with open(data / "mod_russia_clean.csv", newline="", encoding="utf-8") as fh:
        for i, r in enumerate(csv.DictReader(fh)):
            rows.append((f"mod-{i:04d}", r["text_snippet"], D.fromisoformat(r["date"]), ""))
    docs = dedup.documents((k, t, d, "ru" if k.startswith("mod") else None) for k, t, d, _ in rows)
    info = {k: (dedup.normalized(t), d, u) for k, t, d, u in rows}
    groups = defaultdict(list)
    for k, (norm, d, url) in info.items():
        if k.startswith("viina") and len(norm) >= 40:
            groups[(norm, url)].append(k)
    same = [(a, b) for g in groups.values() for i, a in enumerate(g) for b in g[i + 1:]]
    out = []
    saved = (match.MAX_DAY_GAP, cl.MAX_STORY_SPAN)
    try:
        for w in window_days:
            match.MAX_DAY_GAP = cl.MAX_DAY_GAP = w
            cl.MAX_STORY_SPAN = w
            stories, _ = dedup.cluster(docs)
            got, total = C(), C()
            for a, b in same:
                gap = min(abs((info[a][1] - info[b][1]).days), 2)
                total[gap] += 1
                got[gap] += stories[a][0] == stories[b][0]
            members = defaultdict(list)
            for k, (canon, _) in stories.items():
                if k.startswith("mod"):
                    members[canon].append(k)
            merged = C()
            for g in members.values():
                for i, a in enumerate(g):
                    for b in g[i + 1:]:
                        if info[a][0] != info[b][0]:
                            merged[min(abs((info[a][1] - info[b][1]).days), 2)] += 1
            gain = ", ".join(f"{'2+' if g == 2 else g} days apart {got[g]}/{total[g]}" for g in sorted(total))
            cost = ", ".join(f"{'2+' if g == 2 else g} days apart {merged[g]}" for g in range(3))
            out.append(f"  window {w} day(s): VIINA same-URL same-text pairs in one story: {gain}; "
                       f"distinct MoD posts merged: {cost} (of {sum(1 for k in info if k.startswith('mod'))} posts)")
    finally:
        match.MAX_DAY_GAP = cl.MAX_DAY_GAP = saved[0]
        cl.MAX_STORY_SPAN = saved[1]
    return out


# --- the CLI check --------------------------------------------------------------------------------

def cli_check(items) -> bool:
    """`newsevents dedup` on a base, two republished copies and another day's template."""
    by_base = defaultdict(list)
    for it in items:
        by_base[it.base].append(it)
    # prefer a templated report of the very next day: the hardest case for the day window
    for base, group in sorted(by_base.items(), key=lambda kv: (min((g.published - kv[1][0].published).days
                                                                   for g in kv[1] if g.kind == "other_day")
                                                               if any(g.kind == "other_day" for g in kv[1]) else 99,
                                                               kv[0])):
        copies = [g for g in group if g.kind == "copy"]
        later = sorted((g for g in group if g.kind == "other_day"), key=lambda g: g.published)
        if len(copies) >= 2 and later and base.startswith(("mod", "seed")):
            break
    else:
        print("cli check: no base with two copies and another day's report in this set")
        return False
    chosen = [next(g for g in group if g.kind == "base"), *copies[:2], later[0]]
    with tempfile.TemporaryDirectory() as tmp:
        generate.write(chosen, Path(tmp))
        exe = Path(sys.executable).with_name("newsevents")
        out = subprocess.run([str(exe), "dedup", tmp], capture_output=True, text=True, check=True).stdout
    stories = json.loads(out)
    name = lambda it: re.sub(r"[^\w.~-]", "_", it.name) + ".txt"  # noqa: E731
    s = [stories[name(it)]["story"] for it in chosen]
    ok = s[0] == s[1] == s[2] and s[3] != s[0]
    print(f"cli check ({base}): copies in the base's story: {s[0] == s[1] == s[2]}; "
          f"another day's report ({later[0].published} vs {chosen[0].published}) apart: {s[3] != s[0]}")
    return ok


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--bases", type=int, default=2000)
    ap.add_argument("--methods", default=",".join(METHODS))
    ap.add_argument("--show", type=int, default=0, help="print K errors of the chosen method")
    ap.add_argument("--day-policy", action="store_true",
                    help="also measure the same-day and adjacent-day windows on all VIINA and MoD texts")
    ap.add_argument("--clean", action="store_true",
                    help="run every document through the cleaner first (dedup and cleaner together)")
    args = ap.parse_args()
    if not generate.DATA.is_dir():
        print(f"skipped: {generate.DATA} is absent (the corpora live in ../shared, never in the repository)")
        return 0
    t0 = time.perf_counter()
    items = generate.generate(args.seed, args.bases)
    t1 = time.perf_counter()
    texts = {it.name: clean_stage(it.text, False).text if args.clean else it.text for it in items}
    t2 = time.perf_counter()
    gold = {it.name: it.story for it in items}
    kinds = Counter(it.kind for it in items)
    print(f"generated {len(items)} documents from {kinds['base']} real bases in {t1 - t0:.1f}s "
          f"({dict(kinds)}); {'cleaned in %.1fs' % (t2 - t1) if args.clean else 'not cleaned (dedup alone)'}")
    templates = real_template_pairs(items, texts)
    results = {}
    for name in args.methods.split(","):
        pred, times = METHODS[name](items, texts)
        results[name] = pred
        ps, bc = pair_scores(pred, gold), bcubed(pred, gold)
        copies, negs = breakdown(items, pred, templates)
        total = times["signature_s"] + times["cluster_s"]
        print(f"\n== {name}")
        print(f"  pairs: precision {ps['precision']:.4f} recall {ps['recall']:.4f} F1 {ps['f1']:.4f} "
              f"({ps['predicted_pairs']} predicted, {ps['true_pairs']} true)")
        print(f"  clusters: B-cubed F1 {bc['bcubed_f1']:.4f}, stories recovered exactly {bc['stories_exact']:.4f}")
        print("  copy recall by transform: " + ", ".join(f"{t} {h}/{n}" for t, (h, n) in copies.items()))
        print("  merges of hard negatives: " + ", ".join(f"{k} {m}/{n}" for k, (m, n) in negs.items()))
        print(f"  time: signatures {times['signature_s']:.2f}s, clustering {times['cluster_s']:.2f}s, "
              f"{1e3 * total / len(items):.2f} ms/document")
        results[name] = (pred, ps, negs, total)
    ours = "minhash+guard"
    if ours in results:
        pred, ps, negs, total = results[ours]
        if args.show:
            show_errors(items, texts, pred, args.show)
        template_merges = sum(negs[k][0] for k in ("template_numbers", "template_place"))
        print(f"\npair_precision={ps['precision']:.4f}")
        print(f"pair_recall={ps['recall']:.4f}")
        print(f"pair_f1={ps['f1']:.4f}")
        print(f"template_negative_merges={template_merges}")
        print(f"other_day_merges={negs['same_text_other_day'][0] + negs['other_day'][0]}")
        print(f"real_template_pair_merges={negs['real_template_pairs'][0]}")
        print(f"ms_per_document={1e3 * total / len(items):.3f}")
        print(f"cli_check={'ok' if cli_check(items) else 'FAILED'}")
        if args.day_policy:
            print("\nday window on real data (VIINA + all MoD posts, real dates):")
            print("\n".join(day_policy([0, 1])))
    return 0


def show_errors(items, texts, pred, k):
    by = {it.name: it for it in items}
    docs = {it.name: dedup.document(it.name, texts[it.name], published=it.published) for it in items}
    missed = [it for it in items if it.kind == "copy" and pred[it.name] != pred[it.base]][:k]
    for it in missed:
        v = dedup.compare(docs[it.name], docs[it.base])
        print(f"  missed copy {it.name} {it.transforms}: {v}")
    wrong = [it for it in items if it.kind in NEGATIVE_KINDS and pred[it.name] == pred[by[it.base].story]][:k]
    for it in wrong:
        print(f"  merged negative {it.name} ({it.kind}): {dedup.compare(docs[it.name], docs[it.base])}")
    groups = defaultdict(list)
    for it in items:
        groups[pred[it.name]].append(it)
    shown = 0
    for members in groups.values():
        stories = {m.story for m in members}
        if len(stories) > 1 and shown < k:
            shown += 1
            print(f"  merged stories: {sorted(stories)[:4]}")


if __name__ == "__main__":
    sys.exit(main())
