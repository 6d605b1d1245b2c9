"""Time expressions resolved against the publication date. Pure functions on FOLDED text."""
from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from . import lexicon
from .text import DocMemo, fold, fold_pattern, in_window


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    date_start: dt.date
    date_end: dt.date
    priority: int  # 3 explicit/month/range, 2 relative day, 1 weekday / vague


def weekday_on_or_before(published: dt.date, weekday: int) -> dt.date:
    """Latest date with this weekday (Monday=0) on or before ``published``."""
    return published - dt.timedelta(days=(published.weekday() - weekday) % 7)


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def previous_month(published: dt.date) -> tuple[dt.date, dt.date]:
    first = published.replace(day=1) - dt.timedelta(days=1)
    return month_range(first.year, first.month)


def latest_month(published: dt.date, month: int) -> tuple[dt.date, dt.date]:
    """The most recent occurrence of ``month`` that is not after the publication month."""
    year = published.year if month <= published.month else published.year - 1
    return month_range(year, month)


def latest_day(published: dt.date, month: int, day: int) -> dt.date | None:
    for year in (published.year, published.year - 1):
        try:
            d = dt.date(year, month, day)
        except ValueError:
            return None
        if d <= published + dt.timedelta(days=1):
            return d
    return None


class _DateRes:
    def __init__(self, lx: lexicon.Lexicon):
        t = lx.data["time"]
        self.months = {fold_pattern(k): v for k, v in t["months"].items()}
        self.weekdays = {fold_pattern(k): v for k, v in t["weekdays"].items()}
        mon = lexicon.alternation([re.escape(m) for m in self.months])
        wd = lexicon.alternation([re.escape(w) for w in self.weekdays])
        B, E = r"(?<![\w-])", r"(?![\w-])"
        self.explicit = re.compile(
            B + rf"(?:(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m1>{mon})(?:,?\s+(?P<y1>\d{{4}}))?"
            rf"|(?P<m2>{mon})\s+(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?)" + E)
        in_month = lexicon.alternation(t["in_month"] + t.get("last_prefix", []))
        self.month = re.compile(B + rf"(?:(?P<pre>{in_month})\s+(?P<m>{mon})(?:\s+(?P<y>\d{{4}}))?|(?P<m3>{mon})\s+(?P<y3>\d{{4}}))" + E)
        self.last_prefix = re.compile(r"^" + lexicon.alternation(t.get("last_prefix", [])) + "$") if t.get("last_prefix") else None
        self.pubday = lexicon.word_re(t["publication_day"])
        self.daybefore = lexicon.word_re(t["day_before"])
        self.lastweek = lexicon.word_re(t["last_week"])
        self.lastmonth = lexicon.word_re(t["last_month"])
        since = [fold_pattern(s) for s in t["since_year_start"]] or ["(?!x)x"]  # an empty list matches nothing
        self.since = re.compile(B + "(?:" + "|".join(since) + ")" + E)
        # "this year" alone dates a comparison ("the deadliest strike this year") as often as a
        # tally: it yields to any day named in the same sentence
        self.this_year = lexicon.word_re(t.get("this_year", []))
        # "in January and February", "în ianuarie și februarie", "в январе и феврале"
        mjoin = lexicon.alternation(t.get("month_range_joiners", []))
        self.month_pair = re.compile(B + rf"(?:(?:{in_month})\s+)?(?P<a>{mon})\s+{mjoin}\s+(?:(?:{in_month})\s+)?"
                                     rf"(?P<b>{mon})(?:\s+(?P<y>\d{{4}}))?" + E)
        self.weekday = re.compile(B + rf"(?P<wd>{wd})" + E)
        self.range_join = re.compile(r"^\s*" + lexicon.alternation(t.get("range_joiners", [])) + r"\s*$")
        self.range_open = re.compile(r"(?<![\w-])" + lexicon.alternation(t.get("range_openers", [])) + r"\s+$")
        joiners = lexicon.alternation(t.get("range_joiners", []))
        self.day_range = re.compile(
            B + r"(?:" + lexicon.alternation(t.get("range_openers", [])) + r"\s+)?(?P<d1>\d{1,2})\s*" + joiners +
            rf"\s*(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{mon})(?:,?\s+(?P<y>\d{{4}}))?" + E)
        # quick tests over the whole document: most scans below need a month or weekday name
        self.any_month = re.compile(B + mon + E)
        self.any_weekday = re.compile(B + wd + E)
        # every word a time expression can contain, in one alternation: the scans below run
        # only around its matches (a time expression always holds one of them)
        cue_words = (list(self.months) + list(self.weekdays) + t["publication_day"] + t["day_before"] +
                     t["last_week"] + t["last_month"] + t.get("this_year", []) + t.get("last_prefix", []))
        # (one boundary test for both branches: it fails inside words, where most positions are)
        self.cue = re.compile(B + "(?:(?:" + "|".join(since) + ")" + E + "|" + lexicon.alternation(cue_words) +
                              r"(?![\w]))")
        # the words of the scans that need no month or weekday, in one pattern: most windows
        # (around "on Monday", "8 January") hold none, and one search then skips them all
        self.other_cue = re.compile(B + "(?:(?:" + "|".join(since) + ")" + E + "|" + lexicon.alternation(
            t["publication_day"] + t["day_before"] + t["last_week"] + t["last_month"] + t.get("this_year", [])) +
            r"(?![\w]))")
        # weekday names that are also other words (Romanian "luni" = Monday and "months")
        self.ambiguous = {fold_pattern(k): (re.compile(r"(?:(?<![\w-])" + lexicon.alternation(v.get("not_after", [])) +
                                                       r")\s+$"),
                                            re.compile(r"^\s+" + lexicon.alternation(v.get("not_before", [])) + r"(?![\w])"))
                          for k, v in t.get("ambiguous_weekdays", {}).items()}


@lru_cache(maxsize=None)
def _res(lang: str) -> _DateRes:
    return _DateRes(lexicon.get(lang))


_MEMO = DocMemo()


def find_times(folded: str, lang: str, published: dt.date | None, start: int = 0, end: int | None = None) -> list[TimeExpr]:
    """All resolvable time expressions wholly inside folded[start:end], in text order
    (the document is scanned once; each window is a lookup)."""
    if published is None:
        return []
    end = len(folded) if end is None else end
    times, starts = _MEMO.get(folded, (lang, published), lambda: _scan(folded, lang, published))
    return in_window(times, starts, start, end)


def _scan(folded: str, lang: str, published: dt.date):
    out = _scan_times(folded, lang, published)
    return out, [t.start for t in out]


def _scan_times(folded: str, lang: str, published: dt.date) -> list[TimeExpr]:
    r = _res(lang)
    out: list[TimeExpr] = []
    for start, end in _windows(folded, r):
        _scan_window(folded, r, published, start, end, out)
    out.sort(key=lambda t: t.start)
    return out


def _windows(folded: str, r: _DateRes) -> list[tuple[int, int]]:
    """Stretches of the document around its time words (merged when they overlap)."""
    spans: list[list[int]] = []
    for m in r.cue.finditer(folded):
        a, b = max(0, m.start() - 30), min(len(folded), m.end() + 40)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = max(spans[-1][1], b)
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


def _scan_window(folded: str, r: _DateRes, published: dt.date, start: int, end: int, out: list[TimeExpr]) -> None:
    taken: list[tuple[int, int]] = [(t.start, t.end) for t in out]

    def free(a, b):
        return all(b <= s or a >= e for s, e in taken)

    def add(a, b, ds, de, p):
        # a range that ends before it starts ("since the start of 2024" in a page dated
        # 2022: a wrong publication date, or a copy of a later text) is no date at all
        if ds and de and ds <= de and free(a, b):
            out.append(TimeExpr(a, b, ds, de, p))
            taken.append((a, b))

    months = r.any_month.search(folded, start, end) is not None
    others = r.other_cue.search(folded, start, end) is not None
    for m in (r.since.finditer(folded, start, end) if others else ()):
        year = int(m.group("year")) if "year" in m.groupdict() and m.group("year") else published.year
        add(m.start(), m.end(), dt.date(year, 1, 1), published, 3)
    for m in (r.month_pair.finditer(folded, start, end) if months else ()):
        a, b = r.months[m.group("a")], r.months[m.group("b")]
        if m.group("y"):
            first, last = month_range(int(m.group("y")), a), month_range(int(m.group("y")), b)
        else:
            first, last = latest_month(published, a), latest_month(published, b)
        if first[0] <= last[1]:
            add(m.start(), m.end(), first[0], last[1], 3)
    # "between 3 and 9 March", "du 3 au 9 mars", "с 3 по 9 марта", "între 3 și 9 martie"
    for m in (r.day_range.finditer(folded, start, end) if months else ()):
        mon = r.months[m.group("m")]
        year = m.group("y")
        try:
            d2 = dt.date(int(year), mon, int(m.group("d2"))) if year else latest_day(published, mon, int(m.group("d2")))
            d1 = d2.replace(day=int(m.group("d1"))) if d2 else None
        except ValueError:
            continue
        if d1 and d2 and d1 <= d2:
            add(m.start(), m.end(), d1, d2, 3)
    explicit = []
    for m in (r.explicit.finditer(folded, start, end) if months else ()):
        mon = r.months[m.group("m1") or m.group("m2")]
        day = int(m.group("d1") or m.group("d2"))
        year = m.group("y1") or m.group("y2")
        if year:
            try:
                d = dt.date(int(year), mon, day)
            except ValueError:
                continue
        else:
            d = latest_day(published, mon, day)
        if d:
            explicit.append((m.start(), m.end(), d))
    i = 0
    while i < len(explicit):
        a, b, d = explicit[i]
        if i + 1 < len(explicit) and r.range_join.match(folded[b:explicit[i + 1][0]]) and explicit[i + 1][2] >= d:
            a0 = a
            pre = folded[max(start, a - 12):a]
            mm = r.range_open.search(pre)
            if mm:
                a0 = a - (len(pre) - mm.start())
            add(a0, explicit[i + 1][1], d, explicit[i + 1][2], 3)
            i += 2
            continue
        add(a, b, d, d, 3)
        i += 1
    for m in (r.month.finditer(folded, start, end) if months else ()):
        mon = r.months[m.group("m") or m.group("m3")]
        year = m.group("y") or m.group("y3")
        if year:
            ds, de = month_range(int(year), mon)
        else:
            ds, de = latest_month(published, mon)
            if r.last_prefix and m.group("pre") and r.last_prefix.match(m.group("pre")) and mon == published.month:
                ds, de = month_range(published.year - 1, mon)
        add(m.start(), m.end(), ds, de, 3)
    for m in (r.lastmonth.finditer(folded, start, end) if others else ()):
        ds, de = previous_month(published)
        add(m.start(), m.end(), ds, de, 3)
    for m in (r.daybefore.finditer(folded, start, end) if others else ()):
        d = published - dt.timedelta(days=1)
        add(m.start(), m.end(), d, d, 2)
    for m in (r.pubday.finditer(folded, start, end) if others else ()):
        add(m.start(), m.end(), published, published, 2)
    for m in (r.this_year.finditer(folded, start, end) if others else ()):
        add(m.start(), m.end(), dt.date(published.year, 1, 1), published, 1)
    for m in (r.lastweek.finditer(folded, start, end) if others else ()):
        add(m.start(), m.end(), published - dt.timedelta(days=7), published, 1)
    for m in (r.weekday.finditer(folded, start, end) if r.any_weekday.search(folded, start, end) else ()):
        before = folded[max(start, m.start() - 12):m.start()]
        after = folded[m.end():m.end() + 4]
        amb = r.ambiguous.get(m.group("wd"))
        if amb and (amb[0].search(before) or amb[1].match(after)):
            continue
        d = weekday_on_or_before(published, r.weekdays[m.group("wd")])
        add(m.start(), m.end(), d, d, 1)


def resolve(text: str, published: dt.date | None, lang: str = "en") -> tuple[dt.date, dt.date] | None:
    """Best time expression in an (unfolded) text: highest priority, then first."""
    times = find_times(fold(text), lang, published)
    if not times:
        return None
    best = max(times, key=lambda t: (t.priority, -t.start))
    return best.date_start, best.date_end
