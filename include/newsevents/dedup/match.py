"""The duplicate decision for one pair of documents.

Two documents are the same story when all three hold:

1. **Dates**: when both are dated, they were published at most ``MAX_DAY_GAP`` (one)
   day apart: a wire story republished the next morning, or a report stamped on each
   side of midnight, is one story (the README has the measurement behind this); two
   days or more apart, the same words are another report.
2. **Text**: the exact normalised text is equal, or their word 3-shingle sets overlap
   (shingles of word stems, ``STEM`` letters, taken from the body lines:
   ``text.body_lines``): Jaccard >= ``MIN_JACCARD``, or the smaller is contained in
   the larger (share of its shingles >= ``MIN_CONTAINMENT``, sizes within
   ``MIN_SIZE_RATIO``), which is what a truncated or extended copy looks like.
3. **Facts** (the template guard): every sentence the two texts both state, edited or
   not, states the same facts. The sentence sequences are aligned (sentences both have
   word for word anchor them); inside each stretch where they differ, sentences are
   paired by the words they share, and each pair is aligned word by word: a number,
   place, date or web address one version states where the other states another, or
   adds alone inside the shared frame, is another report ("destroyed [15 | 36] drones",
   "[27 | 28] августа", "... районе [Крыма | Сум]", "[four] drones over Belgorod").
   Facts are numbers, capitalised words inside a sentence, datelines, place names the
   extraction gazetteer knows (a sentence's first word included), links, and the
   month, weekday and number words of ``data/dedup/<lang>.json``; a fact is one
   wherever it stands in the sentence. A sentence with no
   partner (a new headline, boilerplate, an added or removed paragraph, a cut) cannot
   veto the match, and spelling variants of a word agree.

Thresholds were set on the labelled benchmark (bench/dedup/bench_dedup.py).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from difflib import SequenceMatcher
from functools import cached_property
from typing import Iterable, Sequence

import re

import numpy as np

from . import minhash
from .text import annotate, body_lines, exact_hash_of, line_tokens, stem_hashes

MAX_DAY_GAP = 1
STEM = 5                # letters of a word that shingles and sentence pairing see: typos and
                        # inflections past them ("украинский" ~ "украинских") do not count
MIN_JACCARD = 0.4
MIN_CONTAINMENT = 0.5
MIN_SIZE_RATIO = 0.25
MIN_SAME_WORDS = 0.5    # share of non-fact words that makes two sentences one statement,
MIN_WITHIN = 0.7        # or share of the shorter one's (a cut sentence, a list grown longer)
MIN_WITHIN_WORDS = 5    # ... when the shorter one has that many
MAX_SENTENCE = 80       # tokens aligned at once
MAX_EDGE = 12           # a longer replaced stretch at a sentence's edge must be mostly facts
MAX_INSERTED = 4        # a stretch of facts inserted inside a shared sentence: another statement
_MAX_POSTING = 50       # sentences a word may propose as partners (bounds a page of lists)
_DIGITS = re.compile(r"\D+")


@dataclass(eq=False)
class Doc:
    """What the decision needs about one document (built by ``documents``)."""

    key: str
    text: str
    words: list[str]
    shingles: np.ndarray            # the sorted distinct 3-shingle hashes of its body
    minhash: np.ndarray
    bands: np.ndarray
    exact: str
    day: int | None                 # proleptic ordinal of the publication date
    rank: tuple = field(default=())
    language: str | None = None
    lines: list[tuple[int, int]] = field(default_factory=list)  # token range of each line
    paragraph_count: int | None = None   # what staging says the cleaner's paragraphs are

    def paragraphs(self) -> list[tuple[str, list[str]]]:
        """(text, folded tokens) of each line: the cleaner's paragraphs."""
        return [(line, self.words[s:e]) for line, (s, e) in zip(self.text.split("\n"), self.lines)]

    @cached_property
    def bag(self) -> Counter:
        return Counter(self.words)

    @cached_property
    def _annotated(self) -> tuple[list[bool], list[int]]:
        return annotate(self.text, self.language)

    @property
    def facts(self) -> list[bool]:
        return self._annotated[0]

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Token ranges of the sentences, long ones cut into ``MAX_SENTENCE`` tokens (a
        text without punctuation must not become one sentence to align word by word)."""
        ids = self._annotated[1]
        out, start = [], 0
        for i in range(1, len(ids) + 1):
            if i == len(ids) or ids[i] != ids[start] or i - start == MAX_SENTENCE:
                out.append((start, i))
                start = i
        return out


def day_of(published: date | None) -> int | None:
    return published.toordinal() if published else None


def documents(items: Iterable[tuple]) -> list[Doc]:
    """Docs for ``(key, text, published[, language])`` items, signed in one batch."""
    items = [(it[0], it[1] or "", it[2], it[3] if len(it) > 3 else None) for it in items]
    toks, spans, body_hashes = [], [], []
    for _, text, _, _ in items:
        lines = text.split("\n")
        folded, bounds = line_tokens(lines)
        toks.append(folded)
        spans.append(bounds)
        kept = body_lines(lines)
        main = folded if kept is None else [w for i in kept for w in folded[bounds[i][0]:bounds[i][1]]]
        body_hashes.append(stem_hashes(main, STEM))  # shingles of word stems; numbers and links whole
    sets = minhash.shingle_sets(body_hashes)
    sigs = minhash.signatures(sets)
    bands = minhash.band_keys(sigs) if items else np.empty((0, minhash.BANDS), dtype=np.int32)
    return [Doc(key, text, w, s, sig, b, exact_hash_of(w), day_of(published), (published or date.max, key), language, sp)
            for (key, text, published, language), w, s, sig, b, sp in zip(items, toks, sets, sigs, bands, spans)]


def document(key: str, text: str, *, published: date | None = None, language: str | None = None,
             rank: tuple | None = None) -> Doc:
    doc = documents([(key, text, published, language)])[0]
    if rank is not None:
        doc.rank = rank
    return doc


@dataclass(frozen=True)
class Verdict:
    duplicate: bool
    method: str            # exact / near, or why not: date / text / facts / empty
    jaccard: float = 0.0   # of the body shingle sets
    containment: float = 0.0
    detail: str = ""
    likeness: float = 0.0  # word-multiset Jaccard of the whole texts: how alike the pair is

    @property
    def strength(self) -> float:
        """What stories join links by, and weigh conflicts with (``cluster.stories``)."""
        return round(self.likeness, 4)


def _likeness(a: Doc, b: Doc) -> float:
    """Word-multiset Jaccard: two reports one figure apart are nearly 1, a copy cut to
    half its story about 0.5, two copies that each added a paragraph less than either
    is to the story."""
    ca, cb = a.bag, b.bag
    inter = sum((ca & cb).values())
    return inter / (len(a.words) + len(b.words) - inter) if inter else 0.0


def _typo_equal(a: str, b: str, strict: bool = False) -> bool:
    """Spelling variants: one edit (substitution, insertion, deletion, swap) apart in a
    word of 3-5 letters, two in a longer one; for a name (``strict``) one up to 6
    letters and the first letter equal ("Kharkiv" ~ "Kharkov", but "Брянск" is not
    "Бердянск" and "Star" is not "Otar"); two in any word of
    4 letters or more with the same first letter and length within one (two copies,
    each with its own slip in the same word). Numbers, and the digits inside a token
    (a web address), must be equal."""
    if a == b:
        return True
    if a.startswith("http") and b.startswith("http") and (a.startswith(b) or b.startswith(a)):
        return True  # a link cut short
    if a[:1].isdigit() or b[:1].isdigit() or min(len(a), len(b)) < 3:
        return False
    if _DIGITS.sub("", a) != _DIGITS.sub("", b):  # a link to another post is another link
        return False
    if strict and a[0] != b[0]:  # a name is told by its first letter
        return False
    limit = 1 if min(len(a), len(b)) <= (6 if strict else 5) else 2
    if a[0] == b[0] and abs(len(a) - len(b)) <= 1 and min(len(a), len(b)) >= 4:
        limit = 2  # two copies, each with its own slip in the same word ("nrth" ~ "norrth" is not)
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


# --- the facts guard: sentences the two texts both state, edited ------------------------

def _left_over(x: Sequence[str], fx: Sequence[bool], y: Sequence[str], fy: Sequence[bool]) -> tuple[list[int], list[int]]:
    """Indexes of the words of ``x`` and of ``y`` the other side does not have (as a
    multiset, spelling variants matching; strictly when either word is a fact)."""
    rest = list(range(len(y)))
    only_x = []
    for i, w in enumerate(x):
        for k, j in enumerate(rest):
            if _typo_equal(w, y[j], fx[i] or fy[j]):
                del rest[k]
                break
        else:
            only_x.append(i)
    return only_x, rest


def _inserted_facts(words: Sequence[str], flags: Sequence[bool]) -> bool:
    """A stretch that one version of a sentence adds inside the shared frame and that
    states a fact: short and mostly facts ("[и утра 13 марта]", "[four]"; not "[наш
    Telegram]", a boilerplate variant), or holding a number, whatever stands around it
    ("порт [5 ракетами,] 4" against a copy cut after "порт 4")."""
    return (0 < len(flags) <= MAX_INSERTED and 2 * sum(flags) > len(flags)) or any(w[:1].isdigit() for w in words)


def _sentence_conflict(a: Doc, sa: tuple[int, int], b: Doc, sb: tuple[int, int]) -> tuple[list[str], list[str]] | None:
    """Word-align two versions of one sentence and look at each stretch where they
    differ, after dropping the words both sides have (spelling variants match):

    - inside the sentence, between words both versions have, a fact on either side is
      another statement in the same frame ("destroyed [15 | 36] drones", "[around |
      from 16.50 to] 17.50"), and so is a fact that one version inserts alone ("[four]
      drones over Belgorod" vs "drones over Belgorod"; ``_inserted_facts``):
      a number or place one text states in a sentence the other also states must be
      there in both, and a number inserted there counts whatever words come with it;
    - at a sentence's start or end, where the frame has one side only and a headline,
      boilerplate or a cut may meet the sentence, a replaced stretch counts only with a
      fact on both sides ("[27 | 28] августа", "... районе [Крыма | Сум]"), and one
      longer than ``MAX_EDGE`` words only when at least half of each side are facts; an
      inserted stretch there never counts (that is a cut);
    - taken together, the stretches inside the frame (between the first and the last
      words both versions have) leave a fact on each side: a fact is one wherever it
      stands, so a number the alignment matched to another one's place ("[4] ракетами,
      [2] були" against "[5] ракетами, [4] були") still differs (``_moved_facts``)."""
    (s, e), (t, u) = sa, sb
    x, y, fx, fy = a.words[s:e], b.words[t:u], a.facts[s:e], b.facts[t:u]
    opcodes = SequenceMatcher(None, x, y, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        inside = 0 < i1 and i2 < len(x) and 0 < j1 and j2 < len(y)
        if tag != "replace":
            if inside and _inserted_facts(x[i1:i2] or y[j1:j2], fx[i1:i2] or fy[j1:j2]):
                return x[i1:i2], y[j1:j2]
            continue
        only_x, only_y = _left_over(x[i1:i2], fx[i1:i2], y[j1:j2], fy[j1:j2])
        facts_x = [fx[i1 + i] for i in only_x]
        facts_y = [fy[j1 + j] for j in only_y]
        if not only_x or not only_y:  # what is left is an insertion ("отражены [несколько] атак")
            left_x, left_y = [x[i1 + i] for i in only_x], [y[j1 + j] for j in only_y]
            if inside and _inserted_facts(left_x or left_y, facts_x or facts_y):
                return left_x, left_y
            continue
        if inside:
            stated = any(facts_x) or any(facts_y)
        elif max(len(facts_x), len(facts_y)) <= MAX_EDGE:
            stated = any(facts_x) and any(facts_y)
        else:
            stated = 2 * sum(facts_x) >= len(facts_x) and 2 * sum(facts_y) >= len(facts_y)
        if stated:
            return [x[i1 + i] for i in only_x], [y[j1 + j] for j in only_y]
    return _moved_facts(opcodes, x, fx, y, fy)


def _moved_facts(opcodes, x: Sequence[str], fx: Sequence[bool], y: Sequence[str],
                 fy: Sequence[bool]) -> tuple[list[str], list[str]] | None:
    """The words each side alone has in all the differing stretches inside the frame
    (between the first and the last equal stretch), as multisets: a fact left on both
    sides is another statement, whichever stretch each stands in."""
    equal = [k for k, op in enumerate(opcodes) if op[0] == "equal"]
    inner = [op for op in opcodes[equal[0] + 1:equal[-1]] if op[0] != "equal"] if equal else []
    if len(inner) < 2:  # one stretch: the rules above have judged it
        return None
    xi = [i for _, i1, i2, _, _ in inner for i in range(i1, i2)]
    yi = [j for _, _, _, j1, j2 in inner for j in range(j1, j2)]
    only_x, only_y = _left_over([x[i] for i in xi], [fx[i] for i in xi], [y[j] for j in yi], [fy[j] for j in yi])
    facts_x = [x[xi[i]] for i in only_x if fx[xi[i]]]
    facts_y = [y[yi[j]] for j in only_y if fy[yi[j]]]
    return (facts_x, facts_y) if facts_x and facts_y else None


def _restated(a: Doc, b: Doc) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """Pairs (sentence of ``a``, sentence of ``b``) that state the same thing but not
    word for word. The sentence sequences are aligned first (sentences both texts have
    verbatim are the anchors); inside each stretch where they differ, sentences are
    paired one to one and best first (most words in common) when they share at least
    ``MIN_SAME_WORDS`` of their non-fact words (of all their words, for sentences of
    facts only: a table's rows of names and figures). A headline, an added or removed
    paragraph or boilerplate has no such partner and cannot veto the match, and a list
    of templated entries pairs each entry with the one in its place."""
    keys_a = [tuple(a.words[s:e]) for s, e in a.sentences]
    keys_b = [tuple(b.words[s:e]) for s, e in b.sentences]
    pairs = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if tag == "replace":
            pairs += _pair_sentences(a, a.sentences[i1:i2], b, b.sentences[j1:j2])
    return pairs


def _pair_sentences(a: Doc, rest_a, b: Doc, rest_b) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    def bags(doc: Doc, rest):
        out = []
        for s, e in rest:  # words cut to their first letters: inflections and late typos agree
            every = Counter(w[:STEM] for w in doc.words[s:e])
            plain = Counter(w[:STEM] for w, f in zip(doc.words[s:e], doc.facts[s:e]) if not f)
            out.append((every, plain, e - s, sum(plain.values())))
        return out

    bag_a, bag_b = bags(a, rest_a), bags(b, rest_b)
    index: dict[str, list[int]] = {}
    for k, (every, _, _, _) in enumerate(bag_b):
        for w in every:
            index.setdefault(w, []).append(k)
    scored = []
    for i, (every, plain, n, n_plain) in enumerate(bag_a):
        near = {k for w in every for k in index.get(w, ())[:_MAX_POSTING]}
        if not n_plain and len(bag_a) == len(bag_b) == 1:  # one list label for another
            near |= {k for k, (_, _, m, m_plain) in enumerate(bag_b) if not m_plain and m == n}
        for k in near:
            every_b, plain_b, m, m_plain = bag_b[k]
            same = sum((plain & plain_b).values())
            shared = sum((every & every_b).values())
            shorter = min(n_plain, m_plain)
            if not (same >= MIN_SAME_WORDS * max(n_plain, m_plain, 1)
                    or (shorter >= MIN_WITHIN_WORDS and same >= MIN_WITHIN * shorter)
                    # names and figures only: "3." / "14." list labels, a table's rows
                    # ("Five [Star | Besharan-Otar] Electric Corp.")
                    or (n_plain == m_plain == 0 and (n == m or shared >= MIN_SAME_WORDS * max(n, m)))):
                continue
            scored.append((-shared / max(n, m), i, k))
    pairs, used_a, used_b = [], set(), set()
    for _, i, k in sorted(scored):
        if i not in used_a and k not in used_b:
            used_a.add(i)
            used_b.add(k)
            pairs.append((rest_a[i], rest_b[k]))
    return pairs


def fact_conflict(a: Doc, b: Doc) -> str:
    """Where the two texts state different facts in the same sentence, or '' (none)."""
    for sa, sb in sorted(_restated(a, b)):
        hit = _sentence_conflict(a, sa, b, sb)
        if hit:
            return f"[{' '.join(hit[0][:8])} | {' '.join(hit[1][:8])}] in '{' '.join(a.words[sa[0]:sa[1]][:16])}'"
    return ""


def compare(a: Doc, b: Doc) -> Verdict:
    gap = abs(a.day - b.day) if a.day is not None and b.day is not None else 0
    if gap > MAX_DAY_GAP:
        return Verdict(False, "date", detail=f"{gap} days apart")
    if not a.words or not b.words:
        return Verdict(False, "empty")
    if a.exact == b.exact:
        return Verdict(True, "exact", 1.0, 1.0, likeness=1.0)
    na, nb = len(a.shingles), len(b.shingles)
    if not na or not nb:  # words, but no body line to take shingles from
        return Verdict(False, "text")
    inter = int(np.intersect1d(a.shingles, b.shingles, assume_unique=True).size)
    jac = inter / (na + nb - inter)
    cont = inter / min(na, nb)
    similar = jac >= MIN_JACCARD or (cont >= MIN_CONTAINMENT and min(na, nb) >= MIN_SIZE_RATIO * max(na, nb))
    if not similar:
        return Verdict(False, "text", jac, cont)
    # one orientation whichever way the pair is asked (the alignment breaks ties by
    # position): the verdict is symmetric, so arrival order cannot change a story
    first, second = (a, b) if (a.exact, a.key) <= (b.exact, b.key) else (b, a)
    conflict = fact_conflict(first, second)
    like = _likeness(a, b)
    if conflict:
        return Verdict(False, "facts", jac, cont, conflict, like)
    return Verdict(True, "near", jac, cont, likeness=like)
