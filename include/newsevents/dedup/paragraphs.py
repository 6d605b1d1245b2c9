"""Repeated paragraphs: a live blog restating its own paragraph, or a story's copies
sharing theirs, so extraction can count each statement once.

A paragraph repeats an earlier one when its normalised text is the same, or (for
paragraphs of ``MIN_CHARS`` or more) its SimHash is within the radius and it states
exactly the same facts. "Earlier" follows the order given: paragraph order inside a
document, and the story's rank order (earliest published first) across documents, so
the first statement in the story is the one that counts.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from . import simhash
from .text import normalized, tokenize

MIN_CHARS = 40


class _Seen:
    def __init__(self) -> None:
        self.exact: dict[str, object] = {}
        self.bands: dict[tuple[int, int], list[tuple[int, frozenset[str], object]]] = {}

    def find(self, text: str) -> object | None:
        """Where the same normalised text was first seen, if it was."""
        return self.exact.get(normalized(text))

    def near(self, text: str) -> tuple[object | None, tuple[int, frozenset[str]] | None]:
        if len(normalized(text)) < MIN_CHARS:
            return None, None
        h = simhash.simhash64(text)
        facts = tokenize(text).fact_set
        for key in enumerate(simhash.bands(h)):
            for other_h, other_facts, origin in self.bands.get(key, ()):
                if simhash.hamming(h, other_h) <= simhash.MAX_HAMMING and other_facts == facts:
                    return origin, (h, facts)
        return None, (h, facts)

    def record(self, text: str, origin: object, sig: tuple[int, frozenset[str]] | None) -> None:
        norm = normalized(text)
        if not norm:
            return
        self.exact.setdefault(norm, origin)
        if sig is not None:
            for key in enumerate(simhash.bands(sig[0])):
                self.bands.setdefault(key, []).append((sig[0], sig[1], origin))


def repeats(items: Iterable[tuple[object, str]]) -> list[object | None]:
    """For each ``(position, text)`` in order, the position of the earlier paragraph it
    repeats, else None."""
    seen = _Seen()
    out: list[object | None] = []
    for pos, text in items:
        hit = seen.find(text)
        sig = None
        if hit is None and normalized(text):
            hit, sig = seen.near(text)
            seen.record(text, pos, sig)
        out.append(hit)
    return out


def repeated_paragraphs(paragraphs: Sequence[str]) -> list[int | None]:
    """Inside one document: for each paragraph, the index of an earlier one it repeats."""
    return repeats(enumerate(paragraphs))  # type: ignore[return-value]


def story_repeats(documents: Sequence[tuple[str, Sequence[str]]]) -> dict[tuple[str, int], tuple[str, int] | None]:
    """Across one story's documents given in rank order: ``(doc, idx) -> (doc, idx)`` of
    the earlier paragraph (in this document or an earlier-ranked one) it repeats."""
    items = [((doc, i), text) for doc, paras in documents for i, text in enumerate(paras)]
    return dict(zip((pos for pos, _ in items), repeats(items)))  # type: ignore[arg-type]
