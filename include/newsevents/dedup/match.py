"""The duplicate decision for one pair of documents.

Two documents are the same story when all three hold:

1. **Dates**: when both are dated, they were published at most ``MAX_DAY_GAP`` days
   apart. A templated report of another day shares nearly every word (the Russian
   MoD posts the same sentence with another hour or region); the same words on
   different days are different reports.
2. **Text**: the exact normalised text is equal, or their word 3-shingle sets overlap:
   Jaccard >= ``MIN_JACCARD``, or the smaller is contained in the larger (share of its
   shingles >= ``MIN_CONTAINMENT``, sizes within ``MIN_SIZE_RATIO``), which is what a
   truncated or extended copy looks like.
3. **Facts** (the template guard): no *frame* states different facts. A frame is the
   two words before and the two after a fact (a number, a capitalised word, a month,
   weekday or number word); where both texts contain the frame, at least one of the
   spans between its anchors must agree (a one-letter typo in a name still agrees).
   "destroyed 15 Ukrainian drones" vs "destroyed 36 Ukrainian drones" disagree; a
   headline, boilerplate or a paragraph that only one copy has contains no shared
   frame and cannot veto the match.

Thresholds were set on the labelled benchmark (bench/dedup/bench_dedup.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

import numpy as np

from . import minhash
from .text import Tokens, exact_hash, tokenize

MAX_DAY_GAP = 0
MIN_JACCARD = 0.4
MIN_CONTAINMENT = 0.6
MIN_SIZE_RATIO = 0.25
MAX_SPAN = 4            # tokens between a frame's anchors
_PAD = ("\x02", "\x02")  # document start / end: a fact's frame may lean on either edge
_END = ("\x03", "\x03")
_SLOT = "\x04"
UNDATED = None


@dataclass(eq=False)
class Doc:
    """What the decision needs about one document (built by ``document``)."""

    key: str
    tokens: Tokens
    shingles: np.ndarray
    minhash: np.ndarray
    exact: str
    day: int | None                 # proleptic ordinal of the publication date
    rank: tuple = field(default=())

    @cached_property
    def bands(self) -> np.ndarray:
        return minhash.band_keys(self.minhash)

    @cached_property
    def _padded(self) -> tuple[str, ...]:
        return _PAD + self.tokens.words + _END

    @cached_property
    def _masked(self) -> tuple[str, ...]:
        """Anchors see a fact as a slot: '11.00 to 11.30' and '11.05 to 11.28' share frames."""
        return _PAD + tuple(_SLOT if f else w for w, f in zip(self.tokens.words, self.tokens.facts)) + _END

    @cached_property
    def _bigrams(self) -> dict[tuple[str, str], list[int]]:
        w = self._masked
        out: dict[tuple[str, str], list[int]] = {}
        for i in range(len(w) - 1):
            out.setdefault((w[i], w[i + 1]), []).append(i)
        return out

    @cached_property
    def frames(self) -> frozenset[tuple[tuple[str, str], tuple[str, str]]]:
        """(left anchor, right anchor) around each fact, at least one side a real word."""
        w = self._masked
        out = set()
        for i, is_fact in enumerate(self.tokens.facts):
            if not is_fact:
                continue
            p = i + 2  # position in the padded sequence
            left, right = (w[p - 2], w[p - 1]), (w[p + 1], w[p + 2])
            if not ((_words(left) and _words(right)) or max(_words(left), _words(right)) == 2):
                continue  # too little around it to align on
            out.add((left, right))
        return frozenset(out)

    def spans(self, left: tuple[str, str], right: tuple[str, str]) -> set[tuple[str, ...]]:
        """Every token span of at most MAX_SPAN tokens between ``left`` and ``right``."""
        rights = self._bigrams.get(right)
        if not rights:
            return set()
        w = self._padded
        out = set()
        for p in self._bigrams.get(left, ()):
            start = p + 2
            for q in rights:
                if start <= q <= start + MAX_SPAN:
                    out.add(w[start:q])
        return out


def _words(anchor: tuple[str, str]) -> int:
    """Real words in an anchor (not an edge, not another fact)."""
    return sum(x not in (_SLOT, _PAD[0], _END[0]) for x in anchor)


def day_of(published: date | None) -> int | None:
    return published.toordinal() if published else None


def document(key: str, text: str, *, published: date | None = None, language: str | None = None,
             rank: tuple | None = None) -> Doc:
    tokens = tokenize(text, language)
    sh = minhash.shingles(tokens.words)
    return Doc(key, tokens, sh, minhash.signature(sh), exact_hash(text), day_of(published),
               rank if rank is not None else (published or date.max, key))


@dataclass(frozen=True)
class Verdict:
    duplicate: bool
    method: str            # exact / near, or why not: date / text / facts / empty
    jaccard: float = 0.0
    containment: float = 0.0
    detail: str = ""


def _typo_equal(a: str, b: str) -> bool:
    """Spelling variants: one edit (substitution, insertion, deletion, swap) apart in a
    word of 3-5 letters, two in a longer one. Numbers must be equal."""
    if a == b:
        return True
    if a[:1].isdigit() or b[:1].isdigit() or min(len(a), len(b)) < 3:
        return False
    limit = 1 if min(len(a), len(b)) <= 5 else 2
    if abs(len(a) - len(b)) > limit:
        return False
    # Damerau-Levenshtein (optimal string alignment), rows of three
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit


def _spans_conflict(sa: set[tuple[str, ...]], sb: set[tuple[str, ...]]) -> bool:
    """Each text fills the frame with a span the other never uses, of the same length:
    a fact substituted. A span only one side has (a list cut short, a paragraph
    removed) or spans of other lengths (two passages meeting the same anchors) are not
    an edited statement. Spelling variants count as the same span."""
    def same(x, y):
        return len(x) == len(y) and all(_typo_equal(p, q) for p, q in zip(x, y))
    only_a = [x for x in sa if not any(same(x, y) for y in sb)]
    if not only_a:
        return False
    only_b = [y for y in sb if not any(same(x, y) for x in sa)]
    return any(len(x) == len(y) for x in only_a for y in only_b)


def fact_conflict(a: Doc, b: Doc) -> str:
    """The first frame where the two texts state different facts, or '' (no conflict)."""
    for left, right in sorted(a.frames | b.frames):
        sa = a.spans(left, right)
        if not sa:
            continue
        sb = b.spans(left, right)
        if sb and _spans_conflict(sa, sb):
            x, y = sorted(sa - sb)[0], sorted(sb - sa)[0]
            return f"{' '.join(left)} [{' '.join(x)} | {' '.join(y)}] {' '.join(right)}"
    return ""


def compare(a: Doc, b: Doc) -> Verdict:
    gap = abs(a.day - b.day) if a.day is not None and b.day is not None else 0
    if gap > MAX_DAY_GAP:
        return Verdict(False, "date", detail=f"{gap} days apart")
    if not a.tokens.words or not b.tokens.words:
        return Verdict(False, "empty")
    if a.exact == b.exact:
        return Verdict(True, "exact", 1.0, 1.0)
    na, nb = len(a.shingles), len(b.shingles)
    inter = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    jac = inter / (na + nb - inter)
    cont = inter / min(na, nb)
    similar = jac >= MIN_JACCARD or (cont >= MIN_CONTAINMENT and min(na, nb) >= MIN_SIZE_RATIO * max(na, nb))
    if not similar:
        return Verdict(False, "text", jac, cont)
    conflict = fact_conflict(a, b)
    if conflict:
        return Verdict(False, "facts", jac, cont, conflict)
    return Verdict(True, "near", jac, cont)
