"""Word patterns over every language's lexicon at once.

The rules must not depend on a (possibly wrong) language label, and a Romanian article
quoting an English agency must still be read: so each rule matches the union of one
lexicon entry over all files in data/lexicons/. A new language is a new file; no rule
names a word of any language.
"""
from __future__ import annotations

import re
from functools import lru_cache

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
