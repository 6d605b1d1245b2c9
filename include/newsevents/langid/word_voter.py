"""Common words as a voter: a unigram model from jusText's frequency-ranked stoplists.

Character n-gram models decide two-word snippets badly (``державних установ`` looks
Russian to them); whole common words settle many. jusText (installed with trafilatura)
ships, for about a hundred languages, the most frequent words of that language's
Wikipedia in rank order. A word of rank r gets probability 1 / (r * H) (Zipf's law over
a vocabulary of a million words, H its harmonic number); words off the list share what
the list leaves uncovered. A text with no letter beyond ASCII may have been typed without
diacritics (``si`` for ``și``), so it is also looked up with the lists' diacritics removed.
"""

from __future__ import annotations

import importlib.util
import math
import re
import unicodedata
from pathlib import Path

import numpy as np

from .model_cache import cached_arrays, file_key, log_normalize, once, uniform

FORMAT = 2
VOCABULARY = 1_000_000
_H = math.log(VOCABULARY) + 0.5772156649
WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "‘": "'", "`": "'"})
_FOLD_EXTRA = str.maketrans({"ł": "l", "ß": "ss", "đ": "d", "ø": "o", "æ": "ae", "œ": "oe",
                             "ı": "i", "ð": "d", "þ": "th", "ħ": "h"})


def _strip_char(ch: str) -> str:
    decomposed = unicodedata.normalize("NFD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD_EXTRA)


class _StripTable(dict):
    """str.translate table folding each (NFC) character to its letters without diacritics."""

    def __missing__(self, code: int) -> str:
        self[code] = folded = _strip_char(chr(code))
        return folded


_STRIP = _StripTable()


def strip_diacritics(word: str) -> str:
    return word if word.isascii() else word.translate(_STRIP)


def words(text: str) -> list[str]:
    return WORD.findall(text.lower().translate(_APOSTROPHES))


def stoplist_dir() -> Path:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("justext (a trafilatura dependency) is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "stoplists"


def _build(stoplists: dict[str, str]) -> dict[str, np.ndarray]:
    codes = tuple(stoplists)
    oov = np.empty(len(codes))
    exact: dict[str, int] = {}
    folded: dict[str, int] = {}
    cells: list[tuple[int, int, int, float]] = []  # (exact row, folded row, column, log p)
    folder = stoplist_dir()
    for j, code in enumerate(codes):
        text = unicodedata.normalize("NFC", (folder / f"{stoplists[code]}.txt").read_text(encoding="utf-8"))
        ranked = list(dict.fromkeys(words(text)))
        covered = min((math.log(max(len(ranked), 1)) + 0.5772156649) / _H, 0.95)
        oov[j] = math.log((1 - covered) / VOCABULARY)
        for r, w in enumerate(ranked, 1):
            cells.append((exact.setdefault(w, len(exact)),
                          folded.setdefault(strip_diacritics(w), len(folded)), j, -math.log(r * _H)))
    rows, frows, cols, lp = (np.array(x) for x in zip(*cells))
    gain = np.maximum(lp - oov[cols], 0.0)  # log P(w|L) - log P(a word off the list|L)
    exact_gain = np.zeros((len(exact), len(codes)))
    exact_gain[rows, cols] = gain
    folded_gain = np.zeros((len(folded), len(codes)))
    np.maximum.at(folded_gain, (frows, cols), gain)
    return {"codes": np.array(codes), "oov": oov,
            "exact_words": np.array(list(exact)), "exact": exact_gain.astype(np.float32),
            "folded_words": np.array(list(folded)), "folded": folded_gain.astype(np.float32)}


class _Model:
    def __init__(self, stoplists: dict[str, str]):
        folder = stoplist_dir()
        key = "|".join([str(FORMAT)] + [f"{c}={file_key(folder / f'{n}.txt')}" for c, n in stoplists.items()])
        a = cached_arrays("stoplists", key, lambda: _build(stoplists))
        self.codes = tuple(str(c) for c in a["codes"])
        self.column = {c: j for j, c in enumerate(self.codes)}
        self.oov = np.asarray(a["oov"])
        self.exact_rows = dict(zip(a["exact_words"].tolist(), range(len(a["exact_words"]))))
        self.exact = np.asarray(a["exact"])  # plain arrays: a memmap's indexing is slower
        self.folded_rows = dict(zip(a["folded_words"].tolist(), range(len(a["folded_words"]))))
        self.folded = np.asarray(a["folded"])

    def log_probs(self, text: str, codes: tuple[str, ...]) -> np.ndarray:
        """Log-posterior over ``codes`` (uniform prior) of the words of ``text``."""
        ws = words(text)
        if not ws:
            return uniform(len(codes))
        if text.isascii():
            index, table = self.folded_rows, self.folded
            hits = [index[k] for k in map(strip_diacritics, ws) if k in index]
        else:
            index, table = self.exact_rows, self.exact
            hits = [index[w] for w in ws if w in index]
        total = self.oov * len(ws) + table[hits].sum(axis=0, dtype=np.float64)
        return log_normalize(total[[self.column[c] for c in codes]])


def get(stoplists: dict[str, str]) -> _Model:
    """The model over ``stoplists`` ({code: jusText stoplist name}), built once per process."""
    return once("stoplists", tuple(stoplists.items()), lambda: _Model(stoplists))
