"""Per-language lexicons (data/lexicons/<lang>.json), compiled once and cached."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from .text import fold_pattern

DATA = Path(__file__).resolve().parent.parent / "data" / "lexicons"


@lru_cache(maxsize=1)
def available_languages() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in DATA.glob("*.json")))


def _top_level_bar(item: str) -> bool:
    depth, i = 0, 0
    while i < len(item):
        c = item[i]
        if c == "\\":
            i += 2
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
        i += 1
    return False


def _plain_head(item: str) -> bool:
    """Whether an entry starts with one plain character no quantifier governs (entries
    starting so can be grouped by it)."""
    first = item[:1]
    return bool(first) and (first.isalnum() or first in "'- ") and len(item) > 1 and item[1] not in "?*+{" \
        and not _top_level_bar(item)


def _trie(tails: list[str]) -> str:
    """Tails sharing a first character, grouped again by their next one (and so on) when
    every one starts with a plain character: two groups then never match at one position,
    so only the order within a group matters, and it is kept. The engine tries a handful of
    branches per position instead of every word of the letter."""
    if len(tails) < 2 or not all(_plain_head(t) for t in tails):
        return "|".join(tails)
    groups: dict[str, list[str]] = {}
    for t in tails:
        groups.setdefault(t[0], []).append(t[1:])
    return "|".join(re.escape(ch) + (f"(?:{_trie(rest)})" if len(rest) > 1 else rest[0]) for ch, rest in groups.items())


def _groups(items: list[str]) -> tuple[dict[str, list[str]], list[str]]:
    """The entries by first character (their tails, in order), and those that cannot be
    grouped so."""
    groups: dict[str, list[str]] = {}
    rest: list[str] = []
    for item in items:
        if _plain_head(item):
            groups.setdefault(item[:1], []).append(item[1:])
        else:
            rest.append(item)
    return groups, rest


def _dispatch(items: list[str]) -> str:
    """The alternation grouped by first character: Python's regex engine tries every
    branch at every position, so a long word list grouped this way is several times faster
    (same matches: branches stay longest first within each group)."""
    groups, rest = _groups(items)
    parts = [re.escape(ch) + "(?:" + _trie(tails) + ")" for ch, tails in groups.items()]
    return "|".join(parts + [f"(?:{r})" for r in rest])


def _sorted(items) -> list[str]:
    return sorted({fold_pattern(i) for i in items if i is not None}, key=lambda s: (-len(s), s))


def alternation(items, capture: str | None = None) -> str:
    items = _sorted(items)
    body = (_dispatch(items) if len(items) > 8 else "|".join(items)) if items else "(?!x)x"
    if capture:
        return f"(?P<{capture}>{body})"
    return f"(?:{body})"


_FEW = 14  # more first characters than this: the set passes inside words too (slower; callgrind: 14 beats 10 and 20)


def word_re(items, flags=0, before: str = r"[\w-]") -> re.Pattern:
    """The entries as whole words (not after a character of ``before``). When every entry
    starts with one of a few plain characters, each group checks the boundary after its
    first character ("k(?<![\\w-]k)..."): the same matches, but the pattern then opens with
    a set of characters, which the engine uses to skip every position where no entry can
    start."""
    groups, rest = _groups(_sorted(items))
    if not groups or rest or len(groups) > _FEW:
        return re.compile(f"(?<!{before})" + alternation(items) + r"(?![\w])", flags)
    body = "|".join(f"{re.escape(ch)}(?<!{before}{re.escape(ch)})(?:{_trie(tails)})" for ch, tails in groups.items())
    return re.compile(f"(?:{body})" + r"(?![\w])", flags)


def bounded_re(items) -> re.Pattern:
    """``\\b(?:entries)\\b``, the entries longest first. When they start with a few word
    characters, each group checks the boundary after its first character instead
    ("k(?<!\\wk)..."): before a word character the two tests are the same, and a pattern
    opening with a set of characters lets the engine skip every other position (a leading
    ``\\b`` makes it try the whole alternation at each one)."""
    items = _sorted(items)
    groups, rest = _groups(items)
    if not items or rest or len(groups) > _FEW or not all(re.match(r"\w", ch) for ch in groups):
        body = (_dispatch(items) if len(items) > 8 else "|".join(items)) if items else "(?!x)x"
        return re.compile(r"\b(?:" + body + r")\b")
    body = "|".join(f"{re.escape(ch)}(?<!\\w{re.escape(ch)})(?:{_trie(tails)})" for ch, tails in groups.items())
    return re.compile(f"(?:{body})" + r"\b")


class Lexicon:
    """Raw data plus compiled patterns for one language."""

    def __init__(self, lang: str, data: dict):
        self.lang = lang
        self.data = data
        d = data
        self.country_res = [(code, word_re(words)) for code, words in d["countries"].items()]
        self.country_any = word_re([w for ws in d["countries"].values() for w in ws])
        self.sides = d.get("sides", {})
        self.enemy = word_re(d.get("enemy", []))
        att = d["attribution"]
        self.attr_verbs = word_re(att["verbs"])
        self.attr_prep = word_re(att["prepositional"])
        self.complementizer = re.compile(r"^\s*(?:\w+\s+){0,2}?" + alternation(att["complementizers"]) + r"\b")
        self.institutions = word_re(att["institutions"])
        self.regional_inst = word_re(att["regional_institutions"])
        self.media = word_re(att["media"])
        self.anaphora = re.compile(r"^\s*" + alternation(att["anaphora"]) + r"\s*$")
        self.anaphora_any = word_re(att["anaphora"])
        self.confirmation = [(k, word_re(v)) for k, v in d["confirmation"].items()]
        self.hedges = word_re(d.get("hedges", []))
        self.weapons = [(cls, word_re(words)) for cls, words in d["weapons"].items()]
        self.weapon_any = word_re([w for ws in d["weapons"].values() for w in ws])
        self.arms = [(cls, word_re(words)) for cls, words in d["arms"].items() if words]
        self.arms_any = word_re([w for ws in d["arms"].values() for w in ws])
        self.roles = [(r, word_re(words)) for r, words in d["roles"].items()]
        self.role_any = word_re([w for ws in d["roles"].values() for w in ws])
        self.by = d.get("by", [])
        self.locative = word_re(d["locative"])
        self.region_words = word_re(d["region_words"])
        self.settlement_cues = word_re(d["settlement_cues"])
        self.person_nouns = word_re(d["person_nouns"])
        self.building_nouns = word_re(d["building_nouns"])
        cas = d["casualties"]
        self.killed = word_re(cas["killed"])
        self.killed_active = word_re(cas["killed_active"])
        self.injured = word_re(cas["injured"])
        self.injured_active = word_re(cas["injured_active"])
        self.damage = word_re(d["damage"]["words"])
        self.damage_active = word_re(d["damage"]["active"])
        self.strike_nouns = word_re(d["strike_nouns"])
        self.triggers = {k: word_re(v) for k, v in d["triggers"].items()}
        self.troop_nouns = word_re(d["troop_nouns"])
        self.equipment = [(cls, word_re(words)) for cls, words in d["equipment_nouns"].items()]
        self.official_nouns = word_re(d["official_nouns"])
        self.target_kinds = [(k, word_re(v)) for k, v in d["target_kinds"].items()]
        self.territory = word_re(d.get("territory", []))

    def country_at(self, folded: str, start: int, end: int):
        """Country codes referenced in folded[start:end], as (pos, end, code) sorted by position."""
        out = []
        for code, rx in self.country_res:
            for m in rx.finditer(folded, start, end):
                out.append((m.start(), m.end(), code))
        out.sort()
        # drop refs nested in a longer one (e.g. "korea" inside "north korea")
        res = []
        for item in out:
            if res and item[0] < res[-1][1]:
                if item[1] - item[0] > res[-1][1] - res[-1][0]:
                    res[-1] = item
                continue
            res.append(item)
        return res


def _skeleton(value):
    """The shape of a lexicon with no words: lists and word maps empty, settings kept."""
    if isinstance(value, list):
        return []
    if isinstance(value, dict):
        if value and all(not isinstance(v, (dict, list)) for v in value.values()):
            return {}
        return {k: _skeleton(v) for k, v in value.items()}
    return value


def _merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    return over


@lru_cache(maxsize=None)
def _shape() -> dict:
    with open(DATA / "en.json", encoding="utf-8") as fh:
        return _skeleton(json.load(fh))


@lru_cache(maxsize=None)
def get(lang: str) -> Lexicon:
    """The lexicon of ``lang``; sections its file leaves out are empty, not borrowed from
    another language (a new language starts as a partial file). Languages without a file
    use English."""
    path = DATA / f"{lang}.json"
    if not path.exists():
        path = DATA / "en.json"
        lang = "en"
    with open(path, encoding="utf-8") as fh:
        return Lexicon(lang, _merge(_shape(), json.load(fh)))


@lru_cache(maxsize=None)
def union(section: str) -> dict[str, list[str]]:
    """One section's word lists over every language file: rules that must not depend on
    a (possibly wrong) language label match any language's words."""
    out: dict[str, list[str]] = {}
    for lang in available_languages():
        for key, words in get(lang).data.get(section, {}).items():
            if isinstance(words, list):
                out.setdefault(key, []).extend(words)
    return out


@lru_cache(maxsize=None)
def _cue_res():
    out = {}
    for lang in available_languages():
        lx = get(lang)
        words = list(lx.data["attribution"]["verbs"]) + list(lx.data["time"]["weekdays"]) + list(lx.data["time"]["months"])
        words += [w for ws in lx.data["roles"].values() for w in ws]
        out[lang] = word_re([w for w in words if len(w) > 3])
    return out


def guess_language(folded: str) -> str:
    best, score = "en", -1
    for lang, rx in _cue_res().items():
        n = len(rx.findall(folded[:6000]))
        if n > score:
            best, score = lang, n
    return best
