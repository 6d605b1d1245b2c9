"""py3langid (naive Bayes over byte n-grams) as a voter, restricted to the candidate languages.

py3langid ships its model LZMA-compressed (4.5 MB -> 68 MB); unpacking it takes most of
a second, more than the detector's whole cold-start budget, so the unpacked model cut to
the candidate languages is kept in the local ``model_cache``. The scores are py3langid's
own (``norm_probs=True``: softmax at temperature sqrt(bytes)) from its DFA walk.

The walk is done with numpy for many texts at once, not byte by byte in Python: the
automaton's state after a byte is the node of the longest suffix read so far that starts
a feature, and no node is deeper than ``depth`` bytes (6, measured from the automaton when
the cache is built), so the state after byte i is the state reached from the start by
bytes i-depth+1 .. i alone. ``depth`` vectorised steps give every position's state, the
same states as the sequential walk.
"""

from __future__ import annotations

import math
import unicodedata
from pathlib import Path

import numpy as np

from .model_cache import cached_arrays, file_key, log_normalize, once, uniform

ALIASES = {"nb": "no"}  # our label -> py3langid's
FORMAT = 3
CHUNK_BYTES = 1 << 16


def _model_file() -> Path:
    import py3langid.langid as pl

    return Path(pl.MODEL_DIR) / pl.MODEL_FILE


def _build(codes: tuple[str, ...]) -> dict[str, np.ndarray]:
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, out = load_model(_model_file())
    wanted = {ALIASES.get(c, c): c for c in codes}
    cols = [i for i, c in enumerate(classes) if c in wanted]
    unknown = set(wanted) - {classes[i] for i in cols}
    if unknown:
        raise ValueError(f"py3langid does not know {sorted(unknown)}")
    col_codes = [wanted[classes[i]] for i in cols]
    return {
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, cols], dtype=np.float32),  # float16: slow to cast
        "pc": np.asarray(pc)[cols].astype(np.float32),
        "col_codes": np.array(col_codes),
        "nextmove": _np(nextmove).astype(np.uint32),
        "rowbase": _np(row).astype(np.uint32) << 8,
        "out": np.asarray(out, dtype=np.int32),
        "depth": np.array([_depth(_np(nextmove), _np(row).astype(np.int64) << 8)]),
    }


def _depth(nextmove: np.ndarray, rowbase: np.ndarray) -> int:
    """The automaton's deepest node: the longest shortest path from the start state."""
    seen = np.zeros(len(rowbase), dtype=bool)
    seen[0] = True
    frontier, depth = np.array([0]), 0
    while True:
        reached = np.zeros(len(rowbase), dtype=bool)
        reached[nextmove[(rowbase[frontier][:, None] + np.arange(256)).ravel()]] = True
        frontier = np.flatnonzero(reached & ~seen)
        if not len(frontier):
            return depth
        seen[frontier] = True
        depth += 1


def _np(arr) -> np.ndarray:
    return np.frombuffer(arr, dtype={"H": np.uint16, "I": np.uint32, "L": np.uint64}[arr.typecode])


class _Model:
    def __init__(self, codes: tuple[str, ...]):
        from importlib.metadata import version

        key = f"{FORMAT}|{version('py3langid')}|{file_key(_model_file())}|{','.join(codes)}"
        a = cached_arrays("py3langid", key, lambda: _build(codes))
        self.ptc = np.asarray(a["ptc"])  # plain arrays: a memmap's indexing is slower
        self.pc = np.asarray(a["pc"])
        col_codes = [str(c) for c in a["col_codes"]]
        self.columns = {code: [i for i, c in enumerate(col_codes) if c == code] for code in codes}
        self.nextmove = np.asarray(a["nextmove"])
        self.rowbase = np.asarray(a["rowbase"])
        self.out = np.asarray(a["out"])
        self.depth = int(a["depth"][0])
        self._layouts: dict = {}

    def scaled_scores_many(self, texts: list[str]) -> list[np.ndarray | None]:
        """py3langid's raw scores per column divided by sqrt(bytes), per text (None: no
        feature). Each text's scores depend on that text alone."""
        blobs = [unicodedata.normalize("NFC", t.lower() if t.isupper() else t).encode("utf8", errors="surrogatepass")
                 for t in texts]
        out: list[np.ndarray | None] = []
        start = size = 0
        for end, blob in enumerate(blobs, 1):  # a few documents' worth at a time: bounded memory
            size += len(blob)
            if size >= CHUNK_BYTES or end == len(blobs):
                out += self._scores(blobs[start:end])
                start, size = end, 0
        return out

    def _scores(self, blobs: list[bytes]) -> list[np.ndarray | None]:
        sizes = np.array([len(b) for b in blobs], dtype=np.int64)
        if not sizes.sum():
            return [None] * len(blobs)
        data = np.frombuffer(b"".join(blobs), dtype=np.uint8)
        text_of = np.repeat(np.arange(len(blobs)), sizes)
        at = np.arange(len(data)) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # offset in its text
        state = np.zeros(len(data), dtype=np.uint32)
        for back in range(self.depth - 1, 0, -1):  # byte i-back, where the text has one
            state[back:] = np.where(at[back:] >= back,
                                    self.nextmove[self.rowbase[state[back:]] + data[:-back]], 0)
        state = self.nextmove[self.rowbase[state] + data]
        feature = self.out[state]
        hit = feature >= 0
        n_features = len(self.ptc)
        key, n = np.unique(text_of[hit] * n_features + feature[hit], return_counts=True)
        text_hit, feature = np.divmod(key, n_features)  # sorted by text, then by feature
        weight = np.log1p(n).astype(np.float32)
        rows = self.ptc[feature]
        bounds = np.searchsorted(text_hit, np.arange(len(blobs) + 1)).tolist()
        out: list[np.ndarray | None] = [None] * len(blobs)
        for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
            if a == b:
                continue
            raw = weight[a:b] @ rows[a:b] + self.pc
            out[i] = raw.astype(np.float64) / math.sqrt(sizes[i])
        return out

    def scaled_scores(self, text: str) -> np.ndarray | None:
        return self.scaled_scores_many([text])[0]

    def log_probs(self, text: str, codes: tuple[str, ...]) -> np.ndarray:
        return self.log_probs_of(self.scaled_scores(text), codes)

    def log_probs_of(self, scores: np.ndarray | None, codes: tuple[str, ...]) -> np.ndarray:
        """Log-probabilities over ``codes`` from ``scaled_scores`` (uniform when None)."""
        if scores is None:
            return uniform(len(codes))
        first, extra = self._layout(codes)
        out = scores[first]
        for i, col in extra:  # a label with several columns (py3langid aliases) sums them
            out[i] = np.logaddexp(out[i], scores[col])
        return log_normalize(out)

    def _layout(self, codes: tuple[str, ...]) -> tuple[np.ndarray, list[tuple[int, int]]]:
        layout = self._layouts.get(codes)
        if layout is None:
            first = np.array([self.columns[c][0] for c in codes])
            extra = [(i, col) for i, c in enumerate(codes) for col in self.columns[c][1:]]
            layout = self._layouts[codes] = (first, extra)
        return layout


def get(all_codes: tuple[str, ...]) -> _Model:
    """The model restricted to ``all_codes``, loaded once per process."""
    return once("py3langid", all_codes, lambda: _Model(all_codes))
