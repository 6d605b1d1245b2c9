"""Tokens and facts: what the duplicate decision compares.

A document becomes a list of folded tokens (lower case, accents and quote styles gone,
line wrapping irrelevant) plus a mask of which tokens are *facts*: numbers, capitalised
words (places, people, institutions) and the month, weekday and number words of
``data/dedup/<lang>.json``. Numbers keep their separators inside one token, so
``1,185`` and ``1.185`` are the same fact and ``16.30`` is one time.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
# numbers with their separators; one token per CJK character (those scripts have no
# spaces); otherwise runs of letters
_TOKEN = re.compile(r"\d+(?:[.,:]\d+)*|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+",
                    re.UNICODE)


@lru_cache(maxsize=200_000)
def fold(token: str) -> str:
    """Lower case without accents; digits lose their separators (``1,185`` -> ``1185``)."""
    if token[0].isdigit():
        return re.sub(r"[.,:]", "", token)
    text = unicodedata.normalize("NFKD", token.lower())
    return "".join(c for c in text if not unicodedata.combining(c))


@lru_cache(maxsize=None)
def fact_words(language: str | None) -> frozenset[str]:
    """Lower-case fact words of one language, or of every language when it is unknown."""
    files = sorted(DATA.glob("*.json"))
    if language:
        files = [f for f in files if f.stem == language]
    out: set[str] = set()
    for f in files:
        data = json.loads(f.read_text(encoding="utf-8"))
        for key in ("date_words", "number_words"):
            out.update(fold(w) for w in data.get(key, ()) if w)
    return frozenset(out)


@dataclass(frozen=True)
class Tokens:
    words: tuple[str, ...]      # folded tokens in text order
    facts: tuple[bool, ...]     # words[i] is a fact

    @property
    def fact_set(self) -> frozenset[str]:
        return frozenset(w for w, f in zip(self.words, self.facts) if f)


_OPENS_SENTENCE = re.compile(r"(?:^|[.!?:;…\"«»“”„()\[\]|•—–-])[^\w*]*$")


def tokenize(text: str, language: str | None = None) -> Tokens:
    """Tokens and their fact mask. A capitalised word opening a sentence or a line of
    punctuation ("Update:", "The") is not a fact: only its position made it capital."""
    text = text or ""
    words: list[str] = []
    facts: list[bool] = []
    lexical = fact_words(language if language not in (None, "und") else None)
    prev_end = 0
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        w = fold(raw)
        words.append(w)
        if raw[0].isdigit() or w in lexical:
            facts.append(True)
        elif raw[0].isupper():
            facts.append(not _OPENS_SENTENCE.search(text[max(prev_end - 1, 0):m.start()]) if words[:-1] else False)
        else:
            facts.append(False)
        prev_end = m.end()
    return Tokens(tuple(words), tuple(facts))


def normalized(text: str) -> str:
    """The folded token stream as one string: what 'the same text' compares."""
    return " ".join(fold(m.group(0)) for m in _TOKEN.finditer(text or ""))


def exact_hash(text: str) -> str:
    return hashlib.sha256(normalized(text).encode("utf-8")).hexdigest()
