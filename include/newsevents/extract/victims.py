"""Casualty and damage counts from coordinated subjects.

"30 police officers, a first responder and nine civilians were injured" is 40 injured;
"His mother and seven-month-old sister were hospitalised" is 2; "a 43-year-old police
colonel was killed" is 1; "20 apartment blocks and individual houses were damaged" is 20
damaged buildings. The subject of a casualty verb is split on commas and conjunctions;
each item counts its number, or 1 for a singular person noun ("a first responder", "his
mother"); an item with neither (a plural without a number) makes a people count unknown,
and is skipped for buildings. Word lists come from the lexicon files.
"""

from __future__ import annotations

import re
from functools import lru_cache

from . import lexicon, numbers, words

@lru_cache(maxsize=1)
def _clauses():
    """(clause boundary, list separator) from every lexicon's conjunctions and clause openers."""
    conj = lexicon.alternation(words.collect("grammar", "conjunctions"))
    openers = lexicon.alternation(words.collect("grammar", "clause_openers"))
    boundary = re.compile(r"[.;:!?]|,\s*" + conj + r"(?![\w])|(?<![\w-])" + openers + r"(?![\w])")
    split = re.compile(r",|(?<![\w-])" + conj + r"(?![\w])")
    return boundary, split


class _Res:
    def __init__(self, lx: lexicon.Lexicon):
        cas = lx.data.get("casualties", {})
        passive = r"(?:" + lexicon.alternation(words.collect("grammar", "passive_aux")) + r"\s+)?"
        # the victims are the subject of a passive or intransitive verb; a verb that is also
        # active ("killed", "a rănit") counts only after a passive auxiliary ("was killed"):
        # in "a rănit alte trei persoane" the subject is the attacker
        active = set(cas.get("killed_active", []) + cas.get("injured_active", []))
        aux = r"(?:" + lexicon.alternation(words.collect("grammar", "passive_aux")) + r"\s+)"

        def verbs(key):
            plain = [w for w in cas.get(key, []) if w not in active]
            both = [w for w in cas.get(key, []) if w in active]
            return re.compile(r"(?<![\w-])(?:" + aux + "?" + lexicon.alternation(plain) + "|" + aux +
                              lexicon.alternation(both) + r")(?![\w])")

        self.killed, self.injured = verbs("killed"), verbs("injured")
        self.active = re.compile(r"(?<![\w-])" + lexicon.alternation(sorted(active)) + r"(?![\w])")
        self.damaged = re.compile(r"(?<![\w-])" + passive +
                                  lexicon.alternation(lx.data.get("damage", {}).get("words", [])) + r"(?![\w])")
        persons = lx.data.get("person_nouns", [])
        self.person = re.compile(r"(?<![\w-])" + lexicon.alternation(persons) + r"(?![\w])")
        self.people = re.compile(r"(?<![\w-])" + lexicon.alternation(persons) + r"(?:s|es|i|ii|e|и|ы)(?![\w])")
        buildings = lx.data.get("building_nouns", [])
        self.building = re.compile(r"(?<![\w-])" + lexicon.alternation(buildings) + r"\w{0,3}(?![\w])")


@lru_cache(maxsize=None)
def _res(lang: str) -> _Res:
    return _Res(lexicon.get(lang))


def _subject(folded: str, start: int, verb_start: int) -> tuple[int, int]:
    lo = start
    for m in _clauses()[0].finditer(folded, start, verb_start):
        lo = m.end()
    return lo, verb_start


def _count_items(folded: str, lo: int, hi: int, lang: str, r: _Res, *, people: bool) -> int | None:
    total = 0
    pos = lo
    pieces = []
    for m in _clauses()[1].finditer(folded, lo, hi):
        pieces.append((pos, m.start()))
        pos = m.end()
    pieces.append((pos, hi))
    for a, b in pieces:
        item = folded[a:b]
        if not item.strip():
            continue
        nums = [n for n in numbers.find_numbers(folded, lang, a, b) if n.kind == "count"]
        if nums:
            total += nums[-1].value
        elif people and r.person.search(item) and not r.people.search(item):
            total += 1
        elif people and r.people.search(item):
            return None  # "civilians were injured": how many is not said
        elif not people and r.building.search(item):
            continue
        elif people:
            continue  # "the attack", "a drone strike" in the subject: not a victim
    return total or None


def counts(folded: str, start: int, end: int, lang: str, taken: dict[int, str] | None = None) -> dict[str, int]:
    """killed / injured / damaged stated by coordinated subjects in folded[start:end]
    (``taken``: figures already read as another verb's, which no subject may count)."""
    r = _res(lang)
    out: dict[str, int] = {}
    def passive(rx):
        for m in rx.finditer(folded, start, end):
            a = r.active.search(folded, max(start, m.start() - 12), m.end())
            if a is None or a.end() != m.end() or a.start() >= m.start():
                return m  # not the tail of an active form ("a rănit")
        return None

    verbs = {key: passive(rx) for key, rx in (("killed", r.killed), ("injured", r.injured), ("damaged", r.damaged))}
    for key, rx, people in (("killed", r.killed, True), ("injured", r.injured, True), ("damaged", r.damaged, False)):
        m = verbs[key]
        if not m:
            continue
        lo, hi = _subject(folded, start, m.start())
        # "загинули двоє людей, ще вісім поранені": the subject starts after the other verb
        lo = max([lo] + [v.end() for k, v in verbs.items() if k != key and v and v.end() <= m.start()])
        if people and not (r.person.search(folded, lo, hi) or r.people.search(folded, lo, hi)):
            continue
        if not people and not r.building.search(folded, lo, hi):
            continue
        if taken and any(lo <= pos < hi and k != key for pos, k in taken.items()):
            continue  # "загинули двоє людей, ще вісім поранені": the two are the other verb's
        n = _count_items(folded, lo, hi, lang, r, people=people)
        if n:
            out[key] = n
    return out
