"""Word patterns over every language's lexicon at once.

The rules must not depend on a (possibly wrong) language label, and a Romanian article
quoting an English agency must still be read: so each rule matches the union of one
lexicon entry over all files in data/lexicons/. A new language is a new file; no rule
names a word of any language.
"""
from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

from . import lexicon


def collect(*path: str) -> list[str]:
    """The words at ``path`` (e.g. "triggers", "strike") in every lexicon file."""
    out: list[str] = []
    for lang in lexicon.available_languages():
        node = lexicon.get(lang).data
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        if isinstance(node, list):
            out.extend(w for w in node if isinstance(w, str))
        elif isinstance(node, dict) and node and all(isinstance(v, list) for v in node.values()):
            out.extend(w for ws in node.values() for w in ws)
    return out


@lru_cache(maxsize=None)
def rx(*path: str) -> re.Pattern:
    """A word-bounded pattern for the union at ``path`` (matches nothing when empty)."""
    return lexicon.word_re(collect(*path))


@lru_cache(maxsize=None)
def tail(*path: str) -> re.Pattern:
    """The union at ``path`` ending the searched text ("... injured and $")."""
    return re.compile(r"(?<![\w-])" + lexicon.alternation(collect(*path)) + r"\W*$")


@lru_cache(maxsize=None)
def classes(*path: str) -> list[tuple[str, re.Pattern]]:
    """(class, pattern) for a map of classes (target kinds, weapons), in the order of the
    English file, then classes only other files have."""
    order: list[str] = []
    words: dict[str, list[str]] = {}
    for lang in ["en"] + [x for x in lexicon.available_languages() if x != "en"]:
        node = lexicon.get(lang).data
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        for cls, ws in (node.items() if isinstance(node, dict) else ()):
            if cls not in words:
                order.append(cls)
                words[cls] = []
            words[cls].extend(ws)
    return [(cls, lexicon.word_re(words[cls])) for cls in order if words[cls]]


@lru_cache(maxsize=None)
def _any_class(*path: str) -> re.Pattern:
    every: list[str] = []
    for lang in lexicon.available_languages():
        node = lexicon.get(lang).data
        for key in path:
            node = node.get(key, {}) if isinstance(node, dict) else {}
        for ws in (node.values() if isinstance(node, dict) else ()):
            every.extend(ws)
    return lexicon.word_re(every)  # one dispatched alternation: a quick "any class here?"


def first_class(path: tuple[str, ...], text: str) -> str | None:
    """The first class (in file order) whose words occur in ``text``."""
    if not _any_class(*path).search(text):
        return None
    for cls, pattern in classes(*path):
        if pattern.search(text):
            return cls
    return None


@lru_cache(maxsize=None)
def sides() -> dict[str, str]:
    out: dict[str, str] = {}
    for lang in lexicon.available_languages():
        out.update(lexicon.get(lang).data.get("sides", {}))
    return out


def opponent(code: str | None) -> str | None:
    return sides().get(code) if code else None


def latin(name: str, lang: str | None) -> str:
    """A Cyrillic name the gazetteer does not know, in Latin letters by the lexicon's
    transliteration table (the document's language first: Ukrainian г is h, Russian g)."""
    if not any("\u0400" <= ch <= "\u04ff" for ch in name):
        return name
    order = ([lang] if lang else []) + [x for x in lexicon.available_languages() if x != lang]
    table = next((lexicon.get(x).data.get("transliteration") for x in order
                  if lexicon.get(x).data.get("transliteration")), None)
    if not table:
        return name
    out = []
    for ch in name:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep.capitalize() if ch != low and rep else rep)
        else:
            out.append(ch)
    return "".join(out)


def ukrainian_form(name: str) -> str:
    """A Russian spelling of a Ukrainian settlement in its Ukrainian form, by the regular
    correspondences in the lexicons' ``toponyms_to_uk`` ("Новодмитровку" -> "Новодмитрівка",
    "Дальнее" -> "Дальнє"); names with no such ending stay as they are."""
    for lang in lexicon.available_languages():
        rules = lexicon.get(lang).data.get("toponyms_to_uk")
        if not rules:
            continue
        out = []
        for word in name.split(" "):
            low = word.lower()
            for a, b in rules.get("cases", []):
                if low.endswith(a) and len(low) > len(a) + 3:
                    low = low[: -len(a)] + b
                    break
            for a, b in rules.get("suffixes", []):
                if low.endswith(a):
                    low = low[: -len(a)] + b
                    break
            out.append(low[:1].upper() + low[1:] if word[:1].isupper() else low)
        return " ".join(out)
    return name


_META = set(".^$*+?{}[]\\|()")


def literal_prefix(word: str) -> str:
    """The letters every match of a lexicon entry starts with ("strikes? on" -> "strike
    on", "a lovit" -> "a lovit", "au? respins" -> "a", "(?:a|ont) pris" -> "")."""
    out = []
    for ch in word:
        if ch in _META:
            if ch in "?*{" and out:
                out.pop()  # the letter before is optional
            break
        out.append(ch)
    return "".join(out)


PREFIX, LONG = 3, 5
_FIRST = itemgetter(slice(0, PREFIX))  # a word's keys: its first 3 letters and its first 5
_FIRST_LONG = itemgetter(slice(0, LONG))


def _key(parts: list[str], whole: bool) -> str:
    """The gate key of an entry whose literal beginning has the words ``parts`` (the last
    one may be cut short, unless the entry is ``whole``ly literal), taken from its first
    word of three letters or more (each word is in the sentence too; "lov" for "a lovit",
    not "a", which is in most): the word's first 5 letters, the whole word when shorter,
    its first 3 when it may go on; with no such word, its longest whole word."""
    for i, p in enumerate(parts):
        if len(p) >= PREFIX and (i == 0 or p[0].isalpha()):
            if len(p) >= LONG:
                return p[:LONG]
            return p if i < len(parts) - 1 or whole else p[:PREFIX]
    best = parts[0]
    for i, p in enumerate(parts[1:], 1):
        if (i < len(parts) - 1 or whole) and p[:1].isalpha() and len(p) > len(best):
            best = p
    return best


_FIGURE_LEAD = re.compile(r"\\d\+ (?:\(\?:[^()|]* \)(?:\?|\{0,\d+\}))*")
# optional words opening an entry, every alternative ending with a space ("(?:his |her )?",
# "(?:\w+ ){0,2}"): the word after them begins a word in every match
_OPTIONAL_LEAD = re.compile(r"(?:\(\?:(?:[^()|]* \|)*[^()|]* \)(?:\?|\{0,\d+\}))+")


def prefix_gate(entries: list[str]) -> frozenset | None:
    """The word beginnings the entries' matches hold (see _key); "#" for an entry that
    starts with a digit; None when some entry can start otherwise (a regex opening): a
    sentence none of whose words begins so holds no match (the entries are word-bounded),
    and its rule can be skipped."""
    from .text import fold_pattern

    out = set()
    for e in entries:
        e = fold_pattern(e)
        if e.startswith("\\d"):
            # "\d+ атак\w*", "\d+ (?:de )?atacuri": the word after the figure and a space
            # (and optional words, each ending with one) begins a word too; else "#"
            lead = _FIGURE_LEAD.match(e)
            rest = e[lead.end():] if lead else ""
            lit = literal_prefix(rest)
            parts = re.split(r"[^\w']+", lit)
            out.add(_key(parts, lit == rest) if parts[0][:1].isalpha() and len(parts[0]) >= PREFIX else "#")
            continue
        opt = _OPTIONAL_LEAD.match(e)
        if opt and opt.end() < len(e):
            e = e[opt.end():]  # "(?:guided |cruise )?missiles?": every match holds "missile"
        lit = literal_prefix(e)
        parts = re.split(r"[^\w']+", lit)
        if not lit or not parts[0] or not (parts[0].isalpha() or "'" in parts[0]):
            return None
        if len(parts[0]) < PREFIX and (len(parts) < 2 or not parts[1]) and len(lit) == len(parts[0]):
            after = e[len(parts[0]):]
            if not after.startswith((" ", "\\b")):
                return None  # "au? respins": the short word's end is not known ("su-\d+": it is)
        out.add(_key(parts, lit == e))
    return frozenset(out)


_WORD = None


@lru_cache(maxsize=64)
def gate(*paths: tuple[str, ...]) -> frozenset | None:
    """prefix_gate() of the union of the lexicon entries at ``paths``."""
    return prefix_gate([w for path in paths for w in collect(*path)])


def may_match(fs: str, *paths: tuple[str, ...]) -> bool:
    """False when no word of folded sentence ``fs`` begins like an entry at ``paths``:
    then no pattern of those entries can match in it (a quick test before the regexes)."""
    g = gate(*paths)
    return g is None or not g.isdisjoint(sentence_prefixes(fs))


def gated_search(pattern: re.Pattern, fs: str, *paths: tuple[str, ...]):
    """``pattern.search(fs)`` for a word-bounded pattern of the entries at ``paths``; None
    at once when no word of folded sentence ``fs`` begins like one of them (the sentence's
    gate keys are computed once and shared: far cheaper than a scan)."""
    return pattern.search(fs) if may_match(fs, *paths) else None


_DIGITS = frozenset("0123456789")
_OTHER_SCRIPT = re.compile(r"[^\x00-\x7f\u0400-\u052f]")  # where other characters are digits ("²", "٣")


@lru_cache(maxsize=64)
def sentence_prefixes(fs: str) -> set:
    """The gate keys of a folded sentence's words (see _key: each word's first 3 and first
    5 letters), with "#" when it holds a digit (built by map() and set operations, not a
    loop per word: every rule's gate starts here)."""
    global _WORD
    if _WORD is None:
        _WORD = re.compile(r"[^\W\d_][\w']*|\d")
    toks = _WORD.findall(fs)
    out = set(map(_FIRST, toks))
    if "'" in fs:
        # "l'interception", "d'attaques": the word after an elision starts a match too (the
        # patterns are word-bounded, and an apostrophe is a boundary)
        toks += [p for t in toks if "'" in t for p in t.split("'")[1:] if p]
        out.update(map(_FIRST, toks))
    if "'" in fs or _OTHER_SCRIPT.search(fs):
        digits = {k for k in out if k[0].isdigit()}
    else:
        digits = out & _DIGITS  # in ASCII and Cyrillic only these are digits, and only alone ("\d")
    out.update(map(_FIRST_LONG, toks))
    if digits:
        out -= digits  # a word starting with a digit counts as "#" only
        out.add("#")
    return out
