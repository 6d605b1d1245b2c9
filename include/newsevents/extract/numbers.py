"""Numbers in text: digits with locale separators, number words, ranges and qualifiers.

All functions work on FOLDED text (see ``text.fold``) and are pure.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .text import DocMemo, fold, fold_pattern, in_window


@dataclass(frozen=True)
class Num:
    start: int
    end: int
    value: int
    upper: int | None = None      # upper bound of a range ("10,000 to 12,000")
    qualifier: str | None = None  # gt / ge / approx / le / lt
    kind: str = "count"           # count / age / model / unit / year / decimal


class _NumRes:
    def __init__(self, lx: lexicon.Lexicon):
        n = lx.data["numbers"]
        seps = "".join(re.escape(s) for s in n["thousands_sep"])
        dec = re.escape(n["decimal_sep"])
        self.seps = n["thousands_sep"]
        self.dec = n["decimal_sep"]
        self.words = {fold_pattern(k): v for k, v in n["words"].items()}
        self.scales = {fold_pattern(k): v for k, v in n["scales"].items()}
        word_alt = lexicon.alternation([re.escape(w) for w in self.words])
        joiner = re.escape(fold_pattern(n.get("compound_joiner", "-")))
        scale_alt = lexicon.alternation([re.escape(w) for w in self.scales])
        digits = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?:{dec}\d+)?(?!\d)|\d+(?:{dec}\d+)?(?!\d)"
        self.token = re.compile(
            rf"(?<![\w.,])(?:(?P<d>{digits})|(?P<w>{word_alt}(?:{joiner}{word_alt})?))(?:\s+(?P<s>{scale_alt}))?(?![\w])")
        quals = {fold_pattern(k): v for k, v in n["qualifiers"].items()}
        self.quals = quals
        self.qual_re = re.compile(r"(?:^|[\s(])" + lexicon.alternation([re.escape(q) for q in quals], "q") + r"\s+(?:de\s+)?$")
        self.range_re = re.compile(r"^\s*" + lexicon.alternation([re.escape(fold_pattern(r)) for r in n["range_joiners"]]) + r"\s*$")
        self.unit_re = re.compile(r"^\s?(?:" + "|".join(fold_pattern(u) for u in n["units"]) + r")(?![\w])")
        self.age_re = re.compile("^" + n["age_suffix"])
        self.joiner = fold_pattern(n.get("compound_joiner", "-"))
        self.list_joiners = {fold_pattern(j) for j in n.get("list_joiners", [])}


@lru_cache(maxsize=None)
def _res(lang: str) -> _NumRes:
    return _NumRes(lexicon.get(lang))


def parse_int(token: str, lang: str = "en") -> int | None:
    """Parse one number token ("1.185", "10,000", "10 000", "thirteen", "două") into an int.

    Returns None for decimals and for anything that is not a number.
    """
    r = _res(lang)
    t = fold(token.strip())
    m = r.token.fullmatch(t)
    if not m:
        return None
    return _value(m, r)


def _value(m, r: _NumRes) -> int | None:
    if m.group("d"):
        s = m.group("d")
        if r.dec in s and not re.fullmatch(r"\d{1,3}(?:[" + "".join(re.escape(x) for x in r.seps) + r"]\d{3})+", s):
            if r.dec not in r.seps:
                return None
        for sep in r.seps:
            s = s.replace(sep, "")
        if not s.isdigit():
            return None
        v = int(s)
    else:
        w = m.group("w")
        parts = w.split(r.joiner) if r.joiner in w else [w]
        v = sum(r.words.get(p.strip(), 0) for p in parts)
    if m.group("s"):
        v *= r.scales[m.group("s")]
    return v


_MEMO = DocMemo()


def find_numbers(folded: str, lang: str = "en", start: int = 0, end: int | None = None) -> list[Num]:
    """Every number wholly inside folded[start:end] with its qualifier, range and kind
    (the document is scanned once; each window is a lookup)."""
    end = len(folded) if end is None else end
    nums, starts = _MEMO.get(folded, lang, lambda: _scan(folded, lang))
    return in_window(nums, starts, start, end)


def _scan(folded: str, lang: str) -> tuple[list[Num], list[int]]:
    out = _scan_numbers(folded, lang)
    return out, [n.start for n in out]


def _scan_numbers(folded: str, lang: str) -> list[Num]:
    r = _res(lang)
    start, end = 0, len(folded)
    raw = []
    for m in r.token.finditer(folded, start, end):
        v = _value(m, r)
        if v is None:
            raw.append(Num(m.start(), m.end(), 0, kind="decimal"))
            continue
        kind = "count"
        before = folded[max(0, m.start() - 1):m.start()]
        after = folded[m.end():m.end() + 20]
        if before == "-":
            kind = "model"
        elif r.age_re.match(after):
            kind = "age"
        elif r.unit_re.match(after):
            kind = "unit"
        elif m.group("d") and 1900 <= v <= 2100 and m.group("d").isdigit():
            kind = "year"
        elif after[:1] == "-" and after[1:2].isalpha():
            kind = "model"
        raw.append(Num(m.start(), m.end(), v, kind=kind))
    out: list[Num] = []
    i = 0
    while i < len(raw):
        n = raw[i]
        q = r.qual_re.search(folded[max(start, n.start - 20):n.start])
        qual = r.quals[q.group("q")] if q else None
        upper = None
        if n.kind == "count" and i + 1 < len(raw) and raw[i + 1].kind in ("count", "year"):
            gap = folded[n.end:raw[i + 1].start]
            if r.range_re.match(gap) and raw[i + 1].value > n.value and gap.strip() not in r.list_joiners:
                upper = raw[i + 1].value
        out.append(Num(n.start if not q else n.start, raw[i + 1].end if upper else n.end, n.value, upper, qual, n.kind))
        i += 2 if upper else 1
    return out


def numbers_in(text: str, lang: str = "en") -> list[Num]:
    """Convenience wrapper for unfolded text."""
    return find_numbers(fold(text), lang)
