"""Letter n-grams within words as a voter, learnt from the same jusText stoplists.

py3langid counts byte n-grams of up to four bytes, which is two Cyrillic letters: it
barely sees Ukrainian ``-ний``/``-ння`` against Russian ``-ный``/``-ние``. This model
counts the letter 1- to 4-grams of each distinct word of a language's stoplist (with
word boundaries, so endings and beginnings count), which generalises from the listed
words to unseen ones of the same shape: ``символьний`` is not on any list but ends like
Ukrainian adjectives do. Add-``ALPHA`` smoothed naive Bayes; the score is divided by
the square root of the number of n-grams (as py3langid does with bytes) so that long
texts do not swamp the other voters. A text with no letter beyond ASCII is scored on
the lists' words with diacritics removed (Romanian typed without them).
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from functools import cached_property

import numpy as np

from .model_cache import cached_arrays, file_key, log_normalize, once, uniform
from .word_voter import stoplist_dir, strip_diacritics, words

FORMAT = 1
ORDERS = (1, 2, 3, 4)
ALPHA = 0.5


def ngrams(word: str) -> list[str]:
    padded = f" {word} "
    return [padded[i:i + n] for n in ORDERS for i in range(len(padded) - n + 1) if padded[i:i + n] != " "]


def _table(vocab: list[list[str]], n_codes: int) -> tuple[list[str], np.ndarray]:
    """Smoothed log P(n-gram | language) for every n-gram met in any language's words."""
    counts = [Counter(g for w in ws for g in ngrams(w)) for ws in vocab]
    grams = sorted(set().union(*counts))
    index = {g: i for i, g in enumerate(grams)}
    order = np.array([len(g) for g in grams])
    by_order = [np.flatnonzero(order == n) for n in ORDERS]
    table = np.zeros((len(grams), n_codes), dtype=np.float32)
    for j, c in enumerate(counts):
        col = np.zeros(len(grams))
        col[np.fromiter(map(index.__getitem__, c), dtype=np.intp, count=len(c))] = \
            np.fromiter(c.values(), dtype=np.float64, count=len(c))
        for rows in by_order:
            table[rows, j] = np.log((col[rows] + ALPHA) / (col[rows].sum() + ALPHA * len(rows)))
    return grams, table


def _build(stoplists: dict[str, str]) -> dict[str, np.ndarray]:
    folder = stoplist_dir()
    vocab = []
    for code in stoplists:
        text = unicodedata.normalize("NFC", (folder / f"{stoplists[code]}.txt").read_text(encoding="utf-8"))
        vocab.append(list(dict.fromkeys(words(text))))
    grams, table = _table(vocab, len(stoplists))
    fgrams, ftable = _table([list(dict.fromkeys(map(strip_diacritics, ws))) for ws in vocab], len(stoplists))
    return {"codes": np.array(list(stoplists)), "grams": np.array(grams), "table": table,
            "folded_grams": np.array(fgrams), "folded_table": ftable}


class _Model:
    def __init__(self, stoplists: dict[str, str]):
        folder = stoplist_dir()
        key = "|".join([str(FORMAT), str(ORDERS), str(ALPHA)]
                       + [f"{c}={file_key(folder / f'{n}.txt')}" for c, n in stoplists.items()])
        a = cached_arrays("ngrams", key, lambda: _build(stoplists))
        self.codes = tuple(str(c) for c in a["codes"])
        self.column = {c: j for j, c in enumerate(self.codes)}
        self.rows = dict(zip(a["grams"].tolist(), range(len(a["grams"]))))
        self.table = np.asarray(a["table"])  # plain arrays: a memmap's indexing is slower
        self._folded_grams, self.folded_table = a["folded_grams"], np.asarray(a["folded_table"])

    @cached_property
    def folded_rows(self) -> dict[str, int]:
        """Built on the first ASCII-only text (only Latin text can be one)."""
        return dict(zip(self._folded_grams.tolist(), range(len(self._folded_grams))))

    def log_probs(self, text: str, codes: tuple[str, ...]) -> np.ndarray:
        ws = words(text)
        if text.isascii():
            index, table = self.folded_rows, self.folded_table
        else:
            index, table = self.rows, self.table
        hits = [index[g] for w in ws for g in ngrams(w) if g in index]
        if not hits:
            return uniform(len(codes))
        total = table[hits].sum(axis=0, dtype=np.float64) / math.sqrt(len(hits))
        return log_normalize(total[[self.column[c] for c in codes]])


def get(stoplists: dict[str, str]) -> _Model:
    """The model over ``stoplists`` ({code: jusText stoplist name}), built once per process."""
    return once("ngrams", tuple(stoplists.items()), lambda: _Model(stoplists))
