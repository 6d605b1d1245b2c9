"""py3langid (naive Bayes over byte n-grams) as a voter, restricted to the candidate languages.

py3langid ships its model LZMA-compressed (4.5 MB -> 68 MB); unpacking it takes most of
a second, more than the detector's whole cold-start budget, so the unpacked model cut to
the candidate languages is kept in the local ``model_cache``. The scores are py3langid's
own (``norm_probs=True``: softmax at temperature sqrt(bytes)) from its DFA walk.
"""

from __future__ import annotations

import math
import unicodedata
from array import array
from pathlib import Path

import numpy as np

from .model_cache import cached_arrays, file_key, log_normalize, once, uniform

ALIASES = {"nb": "no"}  # our label -> py3langid's
FORMAT = 1


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
        "ptc": np.ascontiguousarray(np.asarray(ptc)[:, cols]),
        "pc": np.asarray(pc)[cols].astype(np.float32),
        "col_codes": np.array(col_codes),
        "nextmove": _np(nextmove).astype(np.uint32),
        "rowbase": _np(row).astype(np.uint32) << 8,
        "out": np.asarray(out, dtype=np.int32),
    }


def _np(arr: array) -> np.ndarray:
    return np.frombuffer(arr, dtype={"H": np.uint16, "I": np.uint32, "L": np.uint64}[arr.typecode])


def _array(values: np.ndarray) -> array:
    """A stdlib array (fast to index from Python, unlike numpy) of uint32 values."""
    out = array("I")
    out.frombytes(memoryview(np.ascontiguousarray(values, dtype=np.uint32)).cast("B"))
    return out


class _Model:
    def __init__(self, codes: tuple[str, ...]):
        from importlib.metadata import version

        key = f"{FORMAT}|{version('py3langid')}|{file_key(_model_file())}|{','.join(codes)}"
        a = cached_arrays("py3langid", key, lambda: _build(codes))
        self.ptc = a["ptc"]
        self.pc = a["pc"]
        col_codes = [str(c) for c in a["col_codes"]]
        self.columns = {code: [i for i, c in enumerate(col_codes) if c == code] for code in codes}
        self.nextmove = _array(a["nextmove"])
        self.rowbase = _array(a["rowbase"])
        self.out = a["out"].tolist()
        self._layouts: dict = {}

    def scaled_scores(self, text: str) -> np.ndarray | None:
        """py3langid's raw scores per column divided by sqrt(bytes); None: no feature."""
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        nm, rowbase, out = self.nextmove, self.rowbase, self.out
        state, counts = 0, {}
        for byte in data:
            state = nm[rowbase[state] + byte]
            f = out[state]
            if f >= 0:
                counts[f] = counts.get(f, 0) + 1
        if not counts:
            return None
        idx = np.fromiter(counts.keys(), dtype=np.intp, count=len(counts))
        n = np.fromiter(counts.values(), dtype=np.float32, count=len(counts))
        raw = np.log1p(n) @ self.ptc[idx].astype(np.float32) + self.pc
        return raw.astype(np.float64) / math.sqrt(len(data) or 1)

    def log_probs(self, text: str, codes: tuple[str, ...]) -> np.ndarray:
        scores = self.scaled_scores(text)
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
