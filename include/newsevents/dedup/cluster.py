"""Stories: connected components of verified duplicate links, canonical member by rank.

The same rules serve the in-memory path (``newsevents dedup``, the benchmark) and the
warehouse (``store``): candidates are documents sharing an LSH band key within the
date window, each candidate pair is decided by ``match.compare`` alone, and a story
is a connected component of the accepted pairs. Every step depends on the set of
documents only, so arrival order cannot change the answer; the canonical member is
the smallest ``rank`` (earliest published, then smallest id).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .match import MAX_DAY_GAP, Doc, Verdict, compare

# A story's documents span at most this many days (first to last): one day, or two
# consecutive days, so adjacent-day links never chain a report along a week of templates.
MAX_STORY_SPAN = 1


class UnionFind:
    def __init__(self, keys: Iterable[str] = ()):
        self.parent: dict[str, str] = {k: k for k in keys}

    def find(self, x: str) -> str:
        parent = self.parent
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def stories(keys: Iterable[str], links: Iterable[tuple[str, str, float]], rank: dict[str, tuple],
            days: dict[str, int | None] | None = None,
            conflicts: Iterable[tuple] = ()) -> dict[str, tuple[str, str | None]]:
    """``key -> (canonical key, duplicate_of or None)``.

    Links ``(a, b, strength)`` are joined strongest first (then by key, a canonical
    order), except when the join would make a story span more than ``MAX_STORY_SPAN``
    days, or would put in one story a conflicting pair (same wording, other facts:
    ``(a, b, strength)``) at least as alike as the link being joined (strength is
    ``match.Verdict.strength``, the pair's word-level likeness). So a truncated copy
    that matches both a report and a templated report of the same day with another
    figure cannot chain them (the two reports are more alike than either is to the
    cut copy), while two republications that each added a different paragraph to the
    same story both join it (each is more alike to the story than to the other).
    """
    days = days or {}
    uf = UnionFind(keys)
    span: dict[str, tuple[int, int] | None] = {}
    members: dict[str, list[str]] = {}
    for k in uf.parent:
        d = days.get(k)
        span[k] = None if d is None else (d, d)
        members[k] = [k]
    against: dict[str, dict[str, float]] = {}
    for c in conflicts:
        a, b, j = c if len(c) > 2 else (c[0], c[1], 1.0)
        against.setdefault(a, {})[b] = j
        against.setdefault(b, {})[a] = j
    for a, b, strength in sorted(links, key=lambda x: (-round(x[2], 4), x[0], x[1])):
        ra, rb = uf.find(a), uf.find(b)
        if ra == rb:
            continue
        sa, sb = span[ra], span[rb]
        joined = sa or sb
        if sa and sb:
            joined = (min(sa[0], sb[0]), max(sa[1], sb[1]))
            if joined[1] - joined[0] > MAX_STORY_SPAN:
                continue
        small, big = (ra, rb) if len(members[ra]) <= len(members[rb]) else (rb, ra)
        if any(uf.find(c) == big and j >= round(strength, 4)
               for x in members[small] for c, j in against.get(x, {}).items()):
            continue
        uf.union(ra, rb)
        root = uf.find(ra)
        other = rb if root == ra else ra
        members[root] = members[root] + members.pop(other)
        span[root] = joined
    out: dict[str, tuple[str, str | None]] = {}
    for group in members.values():
        canonical = min(group, key=lambda k: (rank[k], k))
        for k in group:
            out[k] = (canonical, None if k == canonical else canonical)
    return out


def _days(day: int | None) -> list[int | None]:
    if day is None:
        return [None]
    return list(range(day - MAX_DAY_GAP, day + MAX_DAY_GAP + 1))


class Index:
    """In-memory band index with the warehouse's semantics: a dated document meets the
    documents of its date window and the undated ones; an undated one meets every day."""

    def __init__(self) -> None:
        self._by_band: dict[tuple[int, int | None], list[Doc]] = {}
        self._any_day: dict[int, list[Doc]] = {}

    def add(self, doc: Doc) -> None:
        for band in doc.bands.tolist():
            self._by_band.setdefault((band, doc.day), []).append(doc)
            self._any_day.setdefault(band, []).append(doc)

    def candidates(self, doc: Doc) -> list[Doc]:
        seen: dict[str, Doc] = {}
        for band in doc.bands.tolist():
            if doc.day is None:
                pool: Iterable[Doc] = self._any_day.get(band, ())
            else:
                pool = [d for day in _days(doc.day) + [None] for d in self._by_band.get((band, day), ())]
            for other in pool:
                if other.key != doc.key:
                    seen.setdefault(other.key, other)
        return [seen[k] for k in sorted(seen)]


def cluster(docs: Sequence[Doc]) -> tuple[dict[str, tuple[str, str | None]], list[tuple[str, str, Verdict]]]:
    """Stories of ``docs`` and the decided pairs (links and conflicts), whatever their order."""
    index = Index()
    pairs: list[tuple[str, str, Verdict]] = []
    for doc in docs:
        for other in index.candidates(doc):
            verdict = compare(doc, other)
            if verdict.duplicate or verdict.method == "facts":
                a, b = sorted((doc.key, other.key))
                pairs.append((a, b, verdict))
        index.add(doc)
    rank = {d.key: d.rank for d in docs}
    links = [(a, b, v.strength) for a, b, v in pairs if v.duplicate]
    conflicts = [(a, b, v.strength) for a, b, v in pairs if not v.duplicate]
    return (stories(rank, links, rank, {d.key: d.day for d in docs}, conflicts),
            sorted(pairs, key=lambda x: x[:2]))
