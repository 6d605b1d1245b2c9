"""Numbers in text: digits with locale separators, number words, ranges and qualifiers.

All functions work on FOLDED text (see ``text.fold``) and are pure.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from . import lexicon
from .text import DocMemo, fold, fold_pattern, in_window


class Num(NamedTuple):
    """A number found in the text (a named tuple: a document has many, and a frozen
    dataclass costs several times more to make)."""

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
        self.grouped = re.compile(r"\d{1,3}(?:[" + "".join(re.escape(x) for x in self.seps) + r"]\d{3})+")
        self.dec = n["decimal_sep"]
        self.words = {fold_pattern(k): v for k, v in n["words"].items()}
        # scales may be patterns ("тис\\."): matched by pattern, valued by the first that fits
        self.scales = [(re.compile(fold_pattern(k)), v) for k, v in n["scales"].items()]
        word_alt = lexicon.alternation([re.escape(w) for w in self.words])
        scale_alt = lexicon.alternation([fold_pattern(k) for k in n["scales"]])
        joins = [fold_pattern(j) for j in n.get("word_joiners", [])] + \
            [fold_pattern(n.get("compound_joiner", "-")).strip()]
        sep = r"(?:\s*-\s*|\s+(?:" + "|".join(re.escape(j) for j in joins if j and j != "-") + r")\s+|\s+)" \
            if any(j and j != "-" for j in joins) else r"(?:\s*-\s*|\s+)"
        digits = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?:{dec}\d+)?(?!\d)|\d+(?:{dec}\d+)?(?!\d)"
        unit = rf"(?:{word_alt}|{scale_alt})"
        # "1.185", "10 000", "3,5 millions", "thirteen", "one hundred and twenty", "двадцать пять"
        self.token = re.compile(
            rf"(?<![\w.,])(?:(?P<d>{digits})(?:\s+(?P<s>{scale_alt}))?|(?P<w>{word_alt}(?:{sep}{unit}(?![\w']))*))"
            r"(?![\w])")
        self.unit = re.compile(unit)
        quals = {fold_pattern(k): v for k, v in n["qualifiers"].items()}
        self.quals = quals
        self.qual_re = re.compile(r"(?:^|[\s(])" + lexicon.alternation([re.escape(q) for q in quals], "q") + r"\s+(?:de\s+)?$")
        self.range_re = re.compile(r"^\s*" + lexicon.alternation([re.escape(fold_pattern(r)) for r in n["range_joiners"]]) + r"\s*$")
        self.unit_re = re.compile(r"^\s?(?:" + "|".join([fold_pattern(u) for u in n["units"]] or ["(?!x)x"]) +
                                  r")(?![\w])")
        self.age_re = re.compile("^" + (n["age_suffix"] or "(?!x)x"))
        # "8 января", "November 26", "le 3 mars": a day of a month is a date, not a count
        months = lexicon.alternation([re.escape(fold_pattern(m)) for m in lx.data["time"]["months"]])
        self.month_after = re.compile(r"^\s?(?:de\s+)?" + months + r"(?![\w])")
        self.month_before = re.compile(r"(?<![\w])" + months + r"\.?\s$")
        self.clock = re.compile(r"^[:.h]\d\d(?!\d)")  # "9:00", "14.30", "10h25"
        self.list_joiners = {fold_pattern(j) for j in n.get("list_joiners", [])}

    def scale(self, token: str) -> int | None:
        for pattern, value in self.scales:
            if pattern.fullmatch(token):
                return value
        return None


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


def _words_value(text: str, r: _NumRes) -> int:
    """Number words composed: units add up, "hundred" multiplies what precedes it,
    "thousand"/"million" close a group ("two hundred and five thousand" = 205,000)."""
    total = current = 0
    for m in r.unit.finditer(text):
        tok = m.group(0)
        if tok in r.words:
            current += r.words[tok]
            continue
        scale = r.scale(tok)
        if scale is None:
            continue
        if scale < 1000:
            current = (current or 1) * scale
        else:
            total += (current or 1) * scale
            current = 0
    return total + current


def _legal_words(text: str, r: _NumRes) -> int:
    """How much of a run of number words is one number: a smaller unit may follow a
    ten or a scale ("twenty-five", "hundred and twenty", "douăzeci și cinci"), but
    "two and three" or "five six" are two numbers."""
    prev = None
    end = 0
    for m in r.unit.finditer(text):
        tok = m.group(0)
        value = r.words.get(tok)
        if value is None:
            end = m.end()  # a scale multiplies what precedes it
            prev = None
            continue
        if prev is not None and not (prev >= 20 and value < prev and (prev % 10 == 0)):
            break
        prev = value
        end = m.end()
    return end or len(text)


def _value(m, r: _NumRes) -> int | None:
    if m.group("d"):
        s = m.group("d")
        scale = r.scale(m.group("s")) if m.group("s") else None
        grouped = r.grouped.fullmatch(s)
        if r.dec in s and not grouped and r.dec not in r.seps:
            if scale is None:
                return None  # a decimal ("3.5 km") is not a count
            whole, _, frac = s.partition(r.dec)
            return int(round(float(f"{whole}.{frac}") * scale))  # "1.5 million", "3,5 millions"
        for sep in r.seps:
            s = s.replace(sep, "")
        if not s.isdigit():
            return None
        return int(s) * (scale or 1)
    return _words_value(m.group("w"), r)


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
    pos = start
    while True:
        m = r.token.search(folded, pos, end)
        if m is None:
            break
        m_end = m.end()
        if m.group("w"):
            m_end = m.start() + _legal_words(m.group("w"), r)
            if m_end < m.end():  # "two and three": two numbers, not five
                m = r.token.match(folded, m.start(), m_end) or m  # (as if the text ended there)
        pos = m_end
        v = _value(m, r)
        if v is None:
            raw.append(Num(m.start(), m_end, 0, kind="decimal"))
            continue
        kind = "count"
        before = folded[max(0, m.start() - 1):m.start()]
        after = folded[m_end:m_end + 20]
        if before == "-":
            kind = "model"
        elif before == ":" and folded[max(0, m.start() - 2):m.start() - 1].isdigit():
            kind = "time"
        elif r.age_re.match(after):
            kind = "age"
        elif m.group("d") and v <= 31 and (r.month_after.match(after) or r.month_before.search(
                folded, max(0, m.start() - 12), m.start())):
            kind = "date"
        elif m.group("d") and r.clock.match(after):
            kind = "time"
        elif r.unit_re.match(after):
            kind = "unit"
        elif m.group("d") and 1900 <= v <= 2100 and m.group("d").isdigit():
            kind = "year"
        elif after[:1] == "-" and after[1:2].isalpha():
            kind = "model"
        raw.append(Num(m.start(), m_end, v, kind=kind))
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
        if q or upper:
            n = Num(n.start, raw[i + 1].end if upper else n.end, n.value, upper, qual, n.kind)
        out.append(n)  # (else the number as found: the same fields)
        i += 2 if upper else 1
    return out


def numbers_in(text: str, lang: str = "en") -> list[Num]:
    """Convenience wrapper for unfolded text."""
    return find_numbers(fold(text), lang)
