"""Gazetteer lookup (data/gazetteer/places.json): regions, cities, facilities, seas.

The file is generated at build time (scripts/gazetteer/build_gazetteer.py: GeoNames
towns plus hand-curated regions with ISO 3166-2 codes, seas and facilities), so nothing is
downloaded at run time. Matching works on word sequences of the folded text:

- an alias matches exactly, or through the lexicons' inflection suffixes (every
  language's ``inflection.suffixes``: "Курской области" meets "Курская область",
  "Harkovului" meets "Harkov"), exact matches first, longest first;
- given the original text, a match needs a capitalised word ("Mirnoye" the village, not
  "мирное" the adjective);
- a name shared by a region and its capital is the region next to a region word of any
  lexicon ("regiunea Kursk", "Kursk region", "Курской области"), else the city;
- namesakes (several Novoukrainkas; Pokrovsk in Donetsk and Pokrovsk, the old name of
  Engels) are told apart by the regions the document names around the mention, then by
  the curated war-reporting entry, then by population.
"""
from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import lexicon, words
from .text import fold, fold_pattern, in_window

PATH = Path(__file__).resolve().parent.parent / "data" / "gazetteer" / "places.json"
_TOKEN = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_PERSON_NEXT = re.compile(r" (?=[^\W\d_]{2})")
_JOINED = re.compile(r"[ \t-]{1,3}([^\W_]+(?:'[^\W_]+)*)")
_CONTEXT = 1500  # characters around a mention in which other named regions count
_NEAR = 300  # ... and count most


@dataclass(frozen=True)
class Place:
    name: str
    kind: str
    country: str | None
    admin1: str | None
    population: int = field(default=0, compare=False)
    curated: bool = field(default=False, compare=False)
    capital: bool = field(default=False, compare=False)

    @property
    def place(self) -> str | None:
        return self.name if self.kind in ("city", "facility") else None


class PlaceHit(NamedTuple):
    """A place named in a document (a named tuple: cheaper to make than a frozen dataclass)."""

    start: int
    end: int
    place: Place


class _Index:
    def __init__(self):
        with open(PATH, encoding="utf-8") as fh:
            data = json.load(fh)
        suffixes: set[str] = set()
        min_stem = 4
        region_words: list[str] = []
        adjective: list[str] = []
        direction: list[str] = []
        for lang in lexicon.available_languages():
            d = lexicon.get(lang).data
            inf = d.get("inflection", {})
            suffixes.update(fold(s) for s in inf.get("suffixes", []))
            min_stem = min(min_stem, inf.get("min_stem", min_stem))
            region_words += d.get("region_words", [])
            adjective += inf.get("adjective_endings", [])
            direction += d.get("direction_words", [])
        self.suffixes = sorted(suffixes, key=len, reverse=True)
        self.min_stem = min_stem
        alt = lexicon.alternation(region_words)
        # "Kursk region", "regiunea Kursk", "région russe de Koursk", "regiunea rusă Kursk"
        self.cue_before = re.compile(r"(?<![\w-])" + alt + r"(?:\s+[^\W\d]+)?(?:\s+(?:de|of|d'))?\W{0,3}$")
        self.cue_after = re.compile(r"^\W{0,3}" + alt + r"(?![\w])")
        # "Староконстантинове Хмельницкой области": a town followed by its region, not a first name
        self.region_after = re.compile(r"^\W{0,3}(?:[^\W\d_]+\s+)?" + alt + r"(?![\w])")
        # "Орловской" (the region's adjective) against "по Запоріжжю" (a case of the city's name)
        self.adjective = re.compile(lexicon.alternation([fold(a) for a in adjective]) + r"$")
        # "на покровском направлении": a town's adjective, lower case, before a direction word
        self.direction = re.compile(r"\s\s*" + lexicon.alternation(direction) + r"(?![\w])")  # (opens with a set)
        # the letters every direction word starts with ("направлени"): a document holding
        # none of them has no direction word (None: some word has no such letters)
        heads = [words.literal_prefix(fold_pattern(w)) for w in direction]
        self.direction_heads = tuple(heads) if all(heads) else None
        self.exact: dict[tuple, list[Place]] = {}
        self.stemmed: dict[tuple, list[Place]] = {}
        self.lower_ok: set[tuple] = set()  # aliases that may be written all lower case ("mer Noire")
        self.preferred: set[tuple] = set()  # (key, place): a curated spelling of that place
        self.maxlen = 1
        lower_first: set[str] = set()
        for p in data["places"]:
            place = Place(p["name"], p["kind"], p.get("country"), p.get("admin1"), p.get("population") or 0,
                          bool(p.get("curated")), bool(p.get("capital")))
            for alias, curated in [(a, place.curated) for a in p["aliases"]] + \
                    [(a, False) for a in p.get("geonames_aliases", [])]:
                toks = tuple(_TOKEN.findall(fold(alias)))
                if not toks:
                    continue
                self.maxlen = max(self.maxlen, len(toks))
                for table, key in ((self.exact, toks), (self.stemmed, tuple(self.stem(t) for t in toks))):
                    lst = table.setdefault(key, [])
                    if place not in lst:
                        lst.append(place)
                    if curated:
                        self.preferred.add((key, place))
                if not any(w[:1].isupper() for w in alias.split()):
                    self.lower_ok.add(toks)
                if curated and not alias[:1].isupper():
                    lower_first.add(toks[0])
        self.lower_first = lexicon.word_re([re.escape(w) for w in lower_first], before=r"\w")
        # consonant skeletons of every spelling: the same name in another transliteration or
        # in the other language's vowels ("Равнополь" / "Рівнопіль", "Tchassiv Iar" / "Chasiv Yar")
        self.skeletons: dict[str, list[Place]] = {}
        for p in data["places"]:
            if p["kind"] != "city":
                continue
            place = Place(p["name"], p["kind"], p.get("country"), p.get("admin1"), p.get("population") or 0,
                          bool(p.get("curated")), bool(p.get("capital")))
            for alias in {p["name"], *p["aliases"], *p.get("geonames_aliases", [])}:
                key = skeleton(alias)
                if len(key) >= 3:
                    lst = self.skeletons.setdefault(key, [])
                    if place not in lst:
                        lst.append(place)
        # the leading words of every alias of two words or more (as written, and stemmed):
        # a span stops growing once no alias goes on so
        self.leads = {k[:i] for k in self.exact if len(k) > 1 for i in range(2, len(k) + 1)}
        self.stem_leads = {k[:i] for k in self.stemmed if len(k) > 1 for i in range(2, len(k) + 1)}
        # the longest alias starting with each first word: how far a match may reach
        self.first_exact: dict[str, int] = {}
        self.first_stem: dict[str, int] = {}
        for table, firsts in ((self.exact, self.first_exact), (self.stemmed, self.first_stem)):
            for k in table:
                firsts[k[0]] = max(firsts.get(k[0], 0), len(k))

    @lru_cache(maxsize=65536)
    def reach(self, first: str) -> int:
        """How many words a name opening with the word ``first`` (as written or stemmed) may
        span; 0 when none opens so (most capitalised words: one lookup, not three)."""
        return max(self.first_exact.get(first, 0), self.first_stem.get(self.stem(first), 0))

    @lru_cache(maxsize=65536)
    def stem(self, token: str) -> str:
        for s in self.suffixes:
            if token.endswith(s) and len(token) - len(s) >= self.min_stem:
                return token[: -len(s)]
        return token


@lru_cache(maxsize=1)
def _letters() -> dict[str, str]:
    """Cyrillic letters in Latin, from the lexicons' transliteration tables (all of them:
    a Russian spelling and a Ukrainian one of one name must meet)."""
    table: dict[str, str] = {}
    for lang in lexicon.available_languages():
        for k, v in lexicon.get(lang).data.get("transliteration", {}).items():
            table.setdefault(fold(k), v)
    return table


_DIGRAPHS = (("shch", "s"), ("tch", "c"), ("sch", "s"), ("zh", "z"), ("kh", "k"), ("ch", "c"), ("sh", "s"),
             ("ts", "c"), ("tz", "c"), ("ou", "u"), ("j", "z"), ("x", "ks"), ("w", "v"), ("q", "k"), ("g", "h"))
_NOT_LETTER = re.compile(r"[^a-z]+")
_VOWELS = re.compile(r"[aeiouy]+")


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A spelling-independent key for a place name: transliterated to Latin, digraphs
    reduced, g and h one letter (Ukrainian г is h, Russian g), every run of vowels one
    vowel, doubled letters collapsed: "Рівнопіль", "Равнополь", "Rivnopil" are all
    "ravnapal"; "Tchassiv Iar" and "Chasiv Yar" are "casavar"."""
    table = _letters()
    text = "".join(table.get(ch, ch) for ch in fold(name))
    for a, b in _DIGRAPHS:
        text = text.replace(a, b)
    text = _VOWELS.sub("a", _NOT_LETTER.sub("", text))
    return re.sub(r"(.)\1+", r"\1", text)


def by_skeleton(name: str, admin1s: set[str] | None = None) -> list[Place]:
    """Towns whose spelling has the skeleton of ``name`` (in the given regions only, when
    given), most populous first."""
    key = skeleton(name)
    found = _index().skeletons.get(key, [])
    if admin1s is not None:
        found = [p for p in found if p.admin1 in admin1s]
    # a town whose own name has the skeleton first (not one that once bore the name)
    return sorted(found, key=lambda p: (skeleton(p.name) != key, -p.population))


@lru_cache(maxsize=1)
def _index() -> _Index:
    return _Index()


# a letter that is not lower case, not after a letter (the test after the letter: a pattern
# opening with a set of characters lets the engine skip the rest of the text quickly)
_CAPITAL = re.compile(r"[^\W\d_a-z\u00df-\u00ff\u0430-\u045f](?<![^\W\d_].)")


def _starts(folded: str, original: str | None) -> list[int]:
    """Where a name may begin: a capitalised word, or a word that opens a lower-case
    alias ("regiunea Kiev", "mer Noire"); every word when no original text is given."""
    ix = _index()
    if original is None:
        return [m.start() for m in _TOKEN.finditer(folded)]
    starts = {m.start() for m in _CAPITAL.finditer(original) if original[m.start()].isupper()}
    starts.update(m.start() for m in ix.lower_first.finditer(folded))
    starts.update(_direction_adjectives(folded))
    return sorted(starts)


def _direction_adjectives(folded: str) -> set[int]:
    """Starts of the lower-case town adjectives before a direction word ("на покровском
    направлении", "на куп'янському напрямку")."""
    ix = _index()
    out = set()
    if ix.direction_heads is not None and not any(h in folded for h in ix.direction_heads):
        return out  # (a substring test per word: far cheaper than the scan)
    for m in ix.direction.finditer(folded):
        word = re.search(r"([^\W\d_]+)$", folded[max(0, m.start() - 30):m.start()])
        if word:
            out.add(m.start() - len(word.group(1)))
    return out


def _raw_hits(folded: str, original: str | None) -> list[tuple]:
    ix = _index()
    out = []
    done = 0
    for pos in _starts(folded, original):
        if pos < done:
            continue
        m = _TOKEN.match(folded, pos)
        if m is None:
            continue
        first = m.group(0)
        reach = ix.reach(first)
        if not reach:
            continue
        span = [(m.start(), m.end(), first)]
        written, stems = (first,), (ix.stem(first),)
        while len(span) < reach:  # the following words, joined by spaces or hyphens only
            nxt = _JOINED.match(folded, span[-1][1])
            if nxt is None:
                break
            written, stems = written + (nxt.group(1),), stems + (ix.stem(nxt.group(1)),)
            if written not in ix.leads and stems not in ix.stem_leads:
                break  # no alias goes on so: no longer span can match
            span.append((nxt.start(1), nxt.end(1), nxt.group(1)))
        found = None
        for size in range(len(span), 0, -1):
            part = span[:size]
            key = tuple(t[2] for t in part)
            cands = ix.exact.get(key)
            if not cands:
                key = tuple(ix.stem(t) for t in key)
                cands = ix.stemmed.get(key)
            if not cands:
                continue
            if original is not None and key not in ix.lower_ok and \
                    not any(original[t[0]:t[0] + 1].isupper() for t in part) and \
                    not (len(part) == 1 and ix.direction.match(folded, part[0][1])):
                continue
            found = (part[0][0], part[-1][1], cands, key)
            break
        if found is None:
            continue
        a, b, cands, key = found
        if original is not None and (key, cands[0]) not in ix.preferred and len(key) == 1 and \
                _PERSON_NEXT.match(original, b) and original[b + 1:b + 2].isupper() and \
                not _index().region_after.match(folded[b:b + 60]) and not any((key, c) in ix.preferred for c in cands):
            continue  # "Volodymyr Zelensky": a town's GeoNames spelling used as a first name
        if folded.startswith("'", b - 2) and folded[b - 2:b] == "'s":
            b -= 2  # "Kyiv's chief of staff": the possessive is not part of the name
        out.append((a, b, cands, key))
        done = b
    return out


def _choose(folded: str, a: int, b: int, cands: list[Place], key: tuple, near: dict[str, float]) -> Place:
    ix = _index()
    regions = [c for c in cands if c.kind == "region"]
    others = [c for c in cands if c.kind != "region"]
    pool = cands
    if regions and others and tuple(_TOKEN.findall(folded[a:b])) not in ix.exact and ix.adjective.search(folded, a, b):
        # an adjective ("Орловской", "Запорізької") is the region's, not a namesake town's
        # ("Орловский"); another case of a noun ("по Запоріжжю") is the city's
        pool = regions
    elif regions and others:
        cue = bool(ix.cue_before.search(folded, max(0, a - 40), a)) or bool(ix.cue_after.match(folded[b:b + 14]))
        pool = regions if cue else others  # a name shared by a region and its capital is the city, alone
    if len(pool) == 1:
        return pool[0]

    def score(c: Place) -> float:
        return near.get(c.admin1, 0.0) + 2.0 * ((key, c) in ix.preferred) + math.log10(1 + c.population) / 10

    return max(pool, key=score)


def _resolve(folded: str, raw) -> list[PlaceHit]:
    """Each mention's place: first by prior (region word, curated spelling, population),
    then namesakes again with the regions the other mentions around them resolved to."""
    first = [_choose(folded, a, b, cands, key, {}) for a, b, cands, key in raw]
    hits = []
    for i, (a, b, cands, key) in enumerate(raw):
        choice = first[i]
        if len({c.admin1 for c in cands}) > 1:
            # the regions named around the mention, the nearest weighing most: a Saratov
            # story's "Pokrovsk direction" paragraph is still about Donetsk
            near: dict[str, float] = {}
            for j, (a2, _, _, _) in enumerate(raw):
                if j != i and abs(a2 - a) <= _CONTEXT and first[j].admin1:
                    w = 3.0 if abs(a2 - a) <= _NEAR else 1.0
                    near[first[j].admin1] = max(near.get(first[j].admin1, 0.0), w)
            choice = _choose(folded, a, b, cands, key, near)
        hits.append(PlaceHit(a, b, choice))
    return hits


class _DocCache:
    """The hits of the last documents, so every rule's window is a lookup, not a rescan."""

    def __init__(self, size: int = 4):
        self.size = size
        self.items: list[tuple[str, list[PlaceHit], list[int]]] = []

    def get(self, folded: str):
        for f, hits, starts in self.items:
            if f is folded or (len(f) == len(folded) and f == folded):
                return hits, starts
        return None

    def put(self, folded: str, hits: list[PlaceHit]):
        self.items.insert(0, (folded, hits, [h.start for h in hits]))
        del self.items[self.size:]
        return hits, self.items[0][2]


_CACHE = _DocCache()


def prepare(text: str, folded: str) -> list[PlaceHit]:
    """Index a document once (with its original text, for the capitalisation check)."""
    return _CACHE.put(folded, _resolve(folded, _raw_hits(folded, text)))[0]


def war_places(folded: str) -> list[PlaceHit]:
    """Regions, seas and the curated towns and facilities of war reporting named in a
    prepared document (a GeoNames village's namesake does not count)."""
    return [h for h in find_places(folded) if h.place.kind in ("region", "sea") or h.place.curated]


def find_places(folded: str, start: int = 0, end: int | None = None) -> list[PlaceHit]:
    """Places named in folded[start:end] (from the document's index when it was prepared)."""
    end = len(folded) if end is None else end
    cached = _CACHE.get(folded)
    if cached is None:
        cached = _CACHE.put(folded, _resolve(folded, _raw_hits(folded, None)))
    return in_window(*cached, start, end)


def names_place(word: str) -> bool:
    """Whether one word is, in some case form, a one-word alias of a place ("Washington",
    "Харкові", "Курской"): what the template guard needs to see a place name where
    capitals say nothing (at a sentence's start)."""
    ix = _index()
    key = fold(word)
    return (key,) in ix.exact or (ix.stem(key),) in ix.stemmed


def lookup(name: str) -> Place | None:
    hits = _resolve(fold(name), _raw_hits(fold(name), None))
    return hits[0].place if hits else None
