"""Text helpers: length-preserving folding and sentence splitting with offsets."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

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


def fold(text: str) -> str:
    """Lower-case, strip accents, straighten quotes; the result has the same length."""
    return text.translate(_TABLE)


def fold_pattern(s: str) -> str:
    """Fold a lexicon entry (it may contain regex syntax; letters are folded)."""
    return "".join(_fold_char(c) if (c.isalpha() and not c.isascii()) or c in _SPECIAL else c for c in s)


_SENT_END = re.compile(r"(?<=[.!?\u2026])[\"'\u201d\u00bb)]*\s+(?=[\"'\u201c\u201e\u00ab(]?[A-Z\u00c0-\u00de\u0100-\u017f\u0218-\u021b\u0410-\u042f\u0401\u0404\u0406\u04070-9-])")


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
            seg = para[s:m.start()]
            if seg.strip():
                lead = len(seg) - len(seg.lstrip())
                out.append((start + s + lead, start + m.start(), pi))
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


def in_window(items: list, starts: list[int], start: int, end: int) -> list:
    """The items (sorted by .start, with their starts) lying wholly inside [start, end)."""
    import bisect

    i = bisect.bisect_left(starts, start)
    out = []
    while i < len(items) and items[i].start < end:
        if items[i].end <= end:
            out.append(items[i])
        i += 1
    return out
