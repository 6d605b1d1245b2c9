"""The candidate languages and their alphabets, read from ``data/langid/languages.tsv``.

A text is only compared with the languages of the scripts it is written in (a Cyrillic
text is never English; a Russian sentence quoting an English title is compared with
both), and a letter of a language's script outside its orthography counts against it:
``ы`` is not Ukrainian, ``и`` is not Belarusian, ``ț`` is only Romanian. Adding a
language is one row in the table.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

TABLE = Path(__file__).resolve().parent.parent / "data" / "langid" / "languages.tsv"
_SCRIPT_RE = {
    "Latin": re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]"),
    "Cyrillic": re.compile(r"[\u0400-\u052f]"),
    "Greek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
}
SCRIPTS = tuple(_SCRIPT_RE)
# The same classes negated, as runs: deleting what is not in a class is several times
# faster than joining the characters ``findall`` lists, and gives the same string.
_NOT_SCRIPT = {script: re.compile(f"[^{p.pattern[1:-1]}]+") for script, p in _SCRIPT_RE.items()}
# A script takes part when it holds at least this share of the text's letters.
MIN_SCRIPT_SHARE = 0.2
LETTERS = re.compile(r"[^\W\d_]")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
_BASE_LATIN = frozenset("abcdefghijklmnopqrstuvwxyz")
_UNSEEN = object()


@dataclass(frozen=True, eq=False)  # one instance per language: identity is equality
class Language:
    code: str
    scripts: frozenset
    stoplist: str
    letters: frozenset


@lru_cache(maxsize=1)
def languages() -> tuple[Language, ...]:
    """One entry per language code (a language written in two scripts has both alphabets)."""
    rows: dict[str, list] = {}
    for line in TABLE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, script, stoplist, *rest = line.split("\t")
        if script not in SCRIPTS:
            raise ValueError(f"{TABLE}: unknown script {script!r} for {code}")
        letters = set(unicodedata.normalize("NFC", rest[0] if rest else ""))
        if script == "Latin":
            letters |= _BASE_LATIN
        entry = rows.setdefault(code, [set(), stoplist, set()])
        entry[0].add(script)
        entry[2] |= letters
    return tuple(Language(code, frozenset(s), stop, frozenset(ls)) for code, (s, stop, ls) in rows.items())


@lru_cache(maxsize=None)
def of_scripts(scripts: frozenset) -> tuple[Language, ...]:
    return tuple(lang for lang in languages() if lang.scripts & scripts)


def letter_count(text: str) -> int:
    return len(_NOT_LETTERS.sub("", text))


def letters_by_script(text: str) -> dict[str, str]:
    return {script: pattern.sub("", text) for script, pattern in _NOT_SCRIPT.items()}


def scripts_of(text: str, total: int | None = None) -> tuple[frozenset, dict[str, str]]:
    """The scripts the text is written in (empty: mostly another script) and their letters
    (``total``: the text's letter count, when already known)."""
    by_script = letters_by_script(text)
    total = letter_count(text) if total is None else total
    ours = sum(len(v) for v in by_script.values())
    if not total or ours * 2 < total:
        return frozenset(), by_script
    return frozenset(s for s, v in by_script.items() if len(v) >= MIN_SCRIPT_SHARE * total), by_script


def foreign_letters(by_script: dict[str, str], langs: tuple[Language, ...]) -> np.ndarray:
    """Per language: the letters of the text in its scripts that its orthography lacks."""
    out = np.zeros(len(langs))
    missing = _missing(langs)
    for script, letters in by_script.items():
        if letters:
            for ch, n in Counter(letters.lower()).items():
                vec = missing.get((script, ch), _UNSEEN)
                if vec is _UNSEEN:
                    vec = np.array([float(script in lang.scripts and ch not in lang.letters) for lang in langs])
                    vec = missing[(script, ch)] = vec if vec.any() else None
                if vec is not None:
                    out += n * vec
    return out


@lru_cache(maxsize=None)
def _missing(langs: tuple[Language, ...]) -> dict:
    """(script, letter) -> which of ``langs`` lack it (None: none does), filled as letters
    are met."""
    return {}
