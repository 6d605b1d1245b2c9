"""Repeated paragraphs: a live blog restating its own paragraph, or a story's copies
sharing theirs, so extraction can count each statement once.

A paragraph repeats an earlier one when its normalised text is the same, or (for
paragraphs of ``MIN_CHARS`` or more) its word pairs overlap by ``MIN_JACCARD`` and it
states exactly the same facts (so "Thirteen drones ..." never repeats "Fourteen
drones ..."). Only earlier paragraphs with the same first, middle or last word pair
are compared, so a long live blog costs little more than its length. "Earlier" follows the
order given: paragraph order inside a document, and the story's rank order (earliest
published first) across documents, so the first statement in the story is the one
that counts.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .text import fact_mask, words

MIN_CHARS = 40
MIN_JACCARD = 0.8
_MAX_COMPARED = 200   # earlier paragraphs examined per paragraph (bounds a huge live blog)


class _Seen:
    """Paragraphs seen so far: by exact token sequence, and by anchor word pair for the
    near test: a near repeat shares its first, middle or last word pair with the one it
    repeats, so only those are compared (then their facts, numbers included)."""

    def __init__(self) -> None:
        self.exact: dict[tuple[str, ...], object] = {}
        self.anchors: dict[tuple, list[int]] = {}
        self.items: list[list] = []     # [tokens, text, origin, word pairs or None]

    @staticmethod
    def _keys(toks: list[str]) -> set[tuple]:
        n = len(toks)
        return {(toks[i], toks[i + 1]) for i in (0, (n - 1) // 2, n - 2)}

    def _pairs(self, idx: int) -> frozenset:
        item = self.items[idx]
        if item[3] is None:
            item[3] = frozenset(zip(item[0], item[0][1:]))
        return item[3]

    def see(self, text: str, toks: list[str], origin: object) -> object | None:
        """Where this paragraph was stated before, if it was; else remember it."""
        if not toks:
            return None
        exact = tuple(toks)
        hit = self.exact.get(exact)
        if hit is not None:
            return hit
        if len(toks) < 2 or sum(map(len, toks)) + len(toks) - 1 < MIN_CHARS:
            self.exact[exact] = origin
            return None
        keys = self._keys(toks)
        found = sorted({i for k in keys for i in self.anchors.get(k, ())})
        if found:
            pairs = frozenset(zip(toks, toks[1:]))
            facts = None
            for idx in found[-_MAX_COMPARED:]:
                other, other_text, first, _ = self.items[idx]
                if min(len(other), len(toks)) < MIN_JACCARD * max(len(other), len(toks)):
                    continue
                other_pairs = self._pairs(idx)
                inter = len(pairs & other_pairs)
                if inter < MIN_JACCARD * (len(pairs) + len(other_pairs) - inter):
                    continue
                if facts is None:
                    facts = _facts(text, toks)
                if facts == _facts(other_text, other):
                    self.exact[exact] = first  # a later verbatim copy points to the first statement
                    return first
        self.exact[exact] = origin
        idx = len(self.items)
        self.items.append([toks, text, origin, None])
        for k in keys:
            self.anchors.setdefault(k, []).append(idx)
        return None


def _facts(text: str, toks: list[str]) -> frozenset[str]:
    return frozenset(w for w, f in zip(toks, fact_mask(text)) if f)


def repeats(items: Iterable[tuple]) -> list[object | None]:
    """For each ``(position, text[, folded tokens])`` in order, the position of the
    earlier paragraph it repeats, else None."""
    seen = _Seen()
    return [seen.see(item[1], item[2] if len(item) > 2 else words(item[1]), item[0]) for item in items]


def _item(pos, para) -> tuple:
    return (pos, para) if isinstance(para, str) else (pos, *para)


def repeated_paragraphs(paragraphs: Sequence) -> list[int | None]:
    """Inside one document: for each paragraph (a text, or ``(text, folded tokens)``),
    the index of an earlier one it repeats."""
    if len(paragraphs) < 2:
        return [None] * len(paragraphs)
    return repeats(_item(i, p) for i, p in enumerate(paragraphs))  # type: ignore[return-value]


def story_repeats(documents: Sequence[tuple[str, Sequence]]) -> dict[tuple[str, int], tuple[str, int] | None]:
    """Across one story's documents given in rank order: ``(doc, idx) -> (doc, idx)`` of
    the earlier paragraph (in this document or an earlier-ranked one) it repeats."""
    items = [_item((doc, i), p) for doc, paras in documents for i, p in enumerate(paras)]
    return dict(zip((it[0] for it in items), repeats(items)))  # type: ignore[arg-type]
