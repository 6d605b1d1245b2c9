"""Tokens and facts: what the duplicate decision compares.

A document becomes a list of folded tokens (lower case, accents and quote styles gone,
line wrapping irrelevant; a web address is one token). The template guard also needs
to know which tokens are *facts*: numbers, capitalised words (places, people,
institutions), a sentence's first word when the extraction gazetteer knows it as a
place name in some case form, web addresses and the month, weekday and number words of
``data/dedup/<lang>.json``. Numbers keep their separators
inside one token, so ``1,185`` and ``1.185`` are the same fact and ``16.30`` is one time.
The fact mask is computed only for the pairs the guard examines (``fact_mask``).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
import zlib
from functools import lru_cache
from pathlib import Path

from ..extract.gazetteer import names_place

DATA = Path(__file__).resolve().parent.parent / "data" / "dedup"
# a web address as one token (its dots end no sentence); numbers with their separators;
# one token per CJK character (those scripts have no spaces); otherwise runs of letters
_TOKEN = re.compile(r"https?://[^\s)\]>\"'«»]*[^\s)\]>\"'«».,;:!?]|\d+(?:[.,:]\d+)*|[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W\d_\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]+",
                    re.UNICODE)
_SEPARATORS = re.compile(r"[.,:]")
# what ends a sentence between two tokens: terminal punctuation or a blank line; a
# single line break ends one after a short line (a headline, a boilerplate line), not
# after a line of WRAP_MIN characters or more, which is a paragraph wrapped to a width
WRAP_MIN = 40
# after terminal punctuation, before a space, a closing quote or markup: never inside a token
_TERMINAL_SPLIT = re.compile(r"(?<=[.!?…])(?=[\s\"'»”“)\]*_]|$)")
_LINK = ("http://", "https://")


@lru_cache(maxsize=100_000)
def fold(token: str) -> str:
    """Lower case without accents; digits lose their separators (``1,185`` -> ``1185``)."""
    if token[0].isdigit():
        return _SEPARATORS.sub("", token)
    if token.isascii():
        return token.lower()
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


_FOLDED: dict[str, str] = {}   # raw token -> folded token
_HASHED: dict[str, int] = {}   # folded token -> its CRC-32 (the shingle hashes' input)
_STEMS: dict[int, dict[str, int]] = {}  # stem length -> folded token -> CRC-32 of its stem
_CACHE_MAX = 1_000_000


def _crc(token: str) -> int:
    return zlib.crc32(token.encode("utf-8"))


def _fold_all(raws: list[str]) -> list[str]:
    """Folded tokens: one dictionary look-up per token (C speed), folding only the new
    ones (found by a set difference, not a Python loop over the text: a document with
    one unseen token, a report number, must not cost a loop over all its tokens)."""
    folded = list(map(_FOLDED.get, raws))
    if None in folded:
        new = set(raws).difference(_FOLDED)
        if len(_FOLDED) + len(new) > _CACHE_MAX:  # bounded memory on an endless vocabulary
            _FOLDED.clear()
            _HASHED.clear()
            _STEMS.clear()
            new = set(raws)
        for raw in new:
            f = _FOLDED[raw] = fold(raw)
            if f not in _HASHED:
                _HASHED[f] = _crc(f)
        folded = list(map(_FOLDED.__getitem__, raws))
    return folded


def hashes(folded: list[str]) -> list[int]:
    """The 32-bit hash of each folded token (``_fold_all`` has seen most of them)."""
    out = list(map(_HASHED.get, folded))
    if None in out:
        for f in set(folded).difference(_HASHED):
            _HASHED[f] = _crc(f)
        out = list(map(_HASHED.__getitem__, folded))
    return out


def _stem(token: str, letters: int) -> str:
    """A word's first ``letters`` letters; numbers and links whole."""
    if len(token) <= letters or token[0].isdigit() or token[0] == "h" and "://" in token:
        return token
    return token[:letters]


def stem_hashes(folded: list[str], letters: int) -> list[int]:
    """The 32-bit hash of each folded token's stem (``_stem``), cached per token."""
    table = _STEMS.setdefault(letters, {})
    out = list(map(table.get, folded))
    if None in out:
        if len(table) >= _CACHE_MAX:
            table.clear()
        for f in set(folded).difference(table):
            table[f] = _crc(_stem(f, letters))
        out = list(map(table.__getitem__, folded))
    return out


def tokens(text: str) -> list[tuple[str, int]]:
    """(folded token, its 32-bit hash) in text order."""
    folded = _fold_all(_TOKEN.findall(text or ""))
    return list(zip(folded, hashes(folded)))


def words(text: str) -> list[str]:
    """The folded tokens in text order."""
    return _fold_all(_TOKEN.findall(text or ""))


def _lines_into_blocks(text: str) -> list[str]:
    """The text cut at the line breaks that end a sentence: blank lines; the break after
    a short line (a headline, a boilerplate line); the break before a short line of its
    own opening with a capital or a symbol ("Share this article", "© 2024 ..."). The
    breaks of a paragraph re-wrapped to a width do not cut it."""
    blocks, current = [], []
    prev = None
    for line in text.split("\n"):
        stripped = line.strip()
        if prev is not None and (not stripped or not prev.strip() or len(prev) < WRAP_MIN
                                 or (len(stripped) < WRAP_MIN and (stripped[0].isupper() or not stripped[0].isalnum()))):
            blocks.append("\n".join(current))
            current = []
        current.append(line)
        prev = line
    blocks.append("\n".join(current))
    return blocks


_FIRST_LETTER = re.compile(r"[^\W\d_]")
# a name standing at the head of a sentence, set off by a comma or a dash: "KYIV, Dec 15
# (Reuters) -", "Одесса — ..."; its capital is not only its position's
_DATELINE = re.compile(r"\W*[^\W\d_]+\s*(?:,|\s[—–-])")
_PLACE_ALONE = re.compile(r"\W*[^\W\d_]+\.\s*")  # "Одесса. Россияне ударили ..."


_LIST_MARK = re.compile(r"\W*\d{1,3}\.\s*")   # "3." opening an item of a numbered list


def _sentences(block: str) -> list[str]:
    """A block cut after terminal punctuation, unless the next word is lower case ("мск.
    пресечена", "U.S. officials" and "т.г. около" go on) or what ends is a list number
    ("3. Context: ..." is one statement)."""
    out: list[str] = []
    for piece in _TERMINAL_SPLIT.split(block):
        m = _FIRST_LETTER.search(piece)
        head = piece[:m.start()] if m else piece
        if out and (m and m.group(0).islower() and not any(c.isdigit() for c in head)
                    or _LIST_MARK.fullmatch(out[-1])):
            out[-1] += piece
        else:
            out.append(piece)
    return out


@lru_cache(maxsize=65_536)
def _place(word: str) -> bool:
    return names_place(word)


def annotate(text: str, language: str | None = None) -> tuple[list[bool], list[int]]:
    """For each token of ``words(text)``: is it a fact, and which sentence is it in.

    Sentences end at terminal punctuation followed by a space or a quote, and at the
    line breaks of ``_lines_into_blocks``. A capitalised word opening a sentence
    ("The", "Update") is not a fact: only its position made it capital, unless it is a
    dateline's name ("KYIV, Dec 15 -", "Одесса. ...") or the gazetteer knows it as a
    place in some case form ("Washington and the Taliban ...", "Харкові ..."). Quotes, brackets and markup
    before a name ("«Днепр»", "**Kursk") do not open a sentence."""
    text = text or ""
    lexical = fact_words(language if language not in (None, "und") else None)
    facts: list[bool] = []
    sentences: list[int] = []
    sentence = 0
    for block in _lines_into_blocks(text):
        for piece in _sentences(block):
            toks = _TOKEN.findall(piece)
            if not toks:
                continue
            sentences.extend([sentence] * len(toks))
            sentence += 1
            name = toks[0][0].isupper() and (bool(_DATELINE.match(piece) if len(toks) > 1
                                                  else _PLACE_ALONE.fullmatch(piece)) or _place(toks[0]))
            for i, raw in enumerate(toks):
                first = raw[0]
                facts.append(first.isdigit() or raw.startswith(_LINK)  # a link names what it cites
                             or (first.isupper() and (i > 0 or bool(name))) or fold(raw) in lexical)
    return facts, sentences


def fact_mask(text: str, language: str | None = None) -> list[bool]:
    """Which tokens of ``words(text)`` are facts (see ``annotate``)."""
    return annotate(text, language)[0]


_TERMINAL = re.compile(r"[.!?…:;,]\W*$")


def body_lines(lines: list[str]) -> list[int] | None:
    """The lines near-duplicate shingles are taken from (None: all of them): the text
    without its short stand-alone lines (a headline, a caption, "Share this article",
    "© 2024 ..."), so that a republisher's headline and boilerplate weigh little against
    a short story. A short line that continues a re-wrapped paragraph stays. A text
    made only of short lines (a list, a one-line post) is kept whole. The template
    guard still reads every line."""
    if all(len(line) >= WRAP_MIN or not line.strip() for line in lines):
        return None
    kept, prev = [], ""
    for i, line in enumerate(lines):
        stripped = line.strip()
        continues = (stripped and len(prev) >= WRAP_MIN and not _TERMINAL.search(prev)
                     and stripped[0].isalpha() and not stripped[0].isupper())
        if len(stripped) >= WRAP_MIN or continues:
            kept.append(i)
        prev = stripped
    return kept or None


def body(text: str) -> str:
    """The text of ``body_lines``."""
    lines = (text or "").split("\n")
    kept = body_lines(lines)
    return text if kept is None else "\n".join(lines[i] for i in kept)


def line_tokens(lines: list[str]) -> tuple[list[str], list[tuple[int, int]]]:
    """The folded tokens of each line at once (no token crosses a line break), in text
    order, and each line's range in them."""
    raws: list[str] = []
    bounds = []
    for line in lines:
        start = len(raws)
        raws += _TOKEN.findall(line)
        bounds.append((start, len(raws)))
    return _fold_all(raws), bounds


def normalized(text: str) -> str:
    """The folded token stream as one string: what 'the same text' compares."""
    return " ".join(words(text))


def exact_hash_of(tokens: list[str]) -> str:
    return hashlib.sha256(" ".join(tokens).encode("utf-8")).hexdigest()


def exact_hash(text: str) -> str:
    return exact_hash_of(words(text))
