"""Text helpers: length-preserving folding and sentence splitting with offsets."""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from functools import lru_cache
from typing import Callable

_SPECIAL = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"',
            "\u201e": '"', "\u00ab": '"', "\u00bb": '"', "\u00a0": " ", "\u2009": " ", "\u202f": " ",
            "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u0219": "s", "\u015f": "s", "\u021b": "t", "\u0163": "t",
            "\u0218": "s", "\u015e": "s", "\u021a": "t", "\u0162": "t", "\u0451": "\u0435", "\u0401": "\u0435"}


@lru_cache(maxsize=4096)
def _fold_char(c: str) -> str:
    if c in _SPECIAL:
        return _SPECIAL[c]
    d = unicodedata.normalize("NFKD", c)
    d = "".join(ch for ch in d if not unicodedata.combining(ch)).lower()
    if len(d) == 1:
        return d
    low = c.lower()
    return low if len(low) == 1 else c


class _FoldTable(dict):
    """str.translate table filled on first sight of each character."""

    def __missing__(self, code: int) -> str:
        self[code] = _fold_char(chr(code))
        return self[code]


_TABLE = _FoldTable()


# characters whose fold is not their lower case in context: capital sigma (str.lower()
# writes a word-final one as "ς", its fold is "σ") and the lunate capital sigma ("ϲ"/"σ")
_CONTEXT_LOWER = ("\u03a3", "\u03f9")
_OTHER = None  # the characters of a lower-cased text that fold to something else


def _other() -> re.Pattern:
    """Any character but those that are their own fold, among the scripts of the news read
    here (Latin, Cyrillic, general punctuation): every other one is looked up in _TABLE."""
    global _OTHER
    if _OTHER is None:
        own = [chr(i) for lo, hi in ((0, 0x250), (0x400, 0x530), (0x2000, 0x2070)) for i in range(lo, hi)
               if _fold_char(chr(i)) == chr(i)]
        _OTHER = re.compile("[^" + "".join(re.escape(c) for c in own) + "]")
    return _OTHER


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten quotes; the result has the same length.
    (str.lower() first, then only the characters that are not their own fold go through
    the table: the same result as translating every character, several times faster;
    folding a character's lower case gives the character's own fold, checked over all of
    Unicode in the unit tests, except the two sigmas, which take the table.)"""
    low = text.lower()
    if len(low) != len(text) or _CONTEXT_LOWER[0] in text or _CONTEXT_LOWER[1] in text:
        return text.translate(_TABLE)  # a character lower-cased to two ("İ"), or a sigma
    pairs = [(c, _TABLE[ord(c)]) for c in set(_other().findall(low))]  # a handful: one replace() each
    if any(_TABLE[ord(f)] != f for _, f in pairs):
        return text.translate(_TABLE)  # a fold that folds again ("⁻" to "−" to "-"): one pass only
    for c, f in pairs:
        if c != f:
            low = low.replace(c, f)
    return low


def fold_pattern(s: str) -> str:
    """Fold a lexicon entry (it may contain regex syntax; letters are folded)."""
    return "".join(_fold_char(c) if (c.isalpha() and not c.isascii()) or c in _SPECIAL else c for c in s)


# the end mark, then quotes and spaces before a capital: a sentence ends after the mark
# (the pattern opens with the mark, not a look-behind, so the engine skips to the marks)
_SENT_END = re.compile(r"[.!?\u2026][\"'\u201d\u00bb)]*\s+(?=[\"'\u201c\u201e\u00ab(]?[A-Z\u00c0-\u00de\u0100-\u017f\u0218-\u021b\u0410-\u042f\u0401\u0404\u0406\u04070-9-])")


def sentences(text: str) -> list[tuple[int, int, int]]:
    """(start, end, paragraph_index) of each sentence; paragraphs are separated by newlines."""
    out = []
    pos = 0
    for pi, para in enumerate(text.split("\n")):
        start = pos
        pos += len(para) + 1
        if not para.strip():
            continue
        s = 0
        for m in _SENT_END.finditer(para):
            cut = m.start() + 1
            seg = para[s:cut]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((start + s + lead, start + cut, pi))
            s = m.end()
        seg = para[s:]
        if seg.strip():
            lead = len(seg) - len(seg.lstrip())
            out.append((start + s + lead, start + len(para.rstrip()), pi))
    return out


class DocMemo:
    """Results computed once per document and reused by every rule's window: per key, the
    last few documents' results, found by the folded text itself (identity first, so a
    lookup costs nothing)."""

    def __init__(self, size: int = 4):
        self.size = size
        self.items: dict[object, list[tuple[str, object]]] = {}

    def get(self, folded: str, key, compute):
        recent = self.items.setdefault(key, [])
        for f, value in recent:
            if f is folded or (len(f) == len(folded) and f == folded):
                return value
        value = compute()
        recent.insert(0, (folded, value))
        del recent[self.size:]
        return value


class Deferred:
    """A value computed on first use (a sentence's claimant, its voice, the place just
    named): most sentences with a figure or an event word make no event, and what only an
    event needs would cost more than the rules that decide so."""

    __slots__ = ("compute", "done", "value")

    def __init__(self, compute: Callable[[], object]):
        self.compute, self.done, self.value = compute, False, None

    def __call__(self):
        if not self.done:
            self.value, self.done = self.compute(), True
        return self.value


def in_window(items: list, starts: list[int], start: int, end: int) -> list:
    """The items (sorted by .start, with their starts, none overlapping the next: every
    document scan's hits) lying wholly inside [start, end). (Not overlapping, the items
    end in order too: only the last one starting in the window can reach past it.)"""
    i = bisect_left(starts, start)
    j = bisect_left(starts, end, i)
    if i == j:
        return []
    window = items[i:j]
    return window if window[-1].end <= end else window[:-1]
