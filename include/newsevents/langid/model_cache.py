"""Loading models once: a local cache of models derived from installed packages (never
fetched), the in-process memo, and the log-score helpers the voters share.

Some library models are slow to open (py3langid's is LZMA-compressed; the stoplists are
text to parse). The first process derives what the detector needs and keeps it as a
folder of uncompressed ``.npy`` arrays in ``NEWSEVENTS_CACHE_DIR`` (else
``$XDG_CACHE_HOME/newsevents``, else ``~/.cache/newsevents``), named by a key over its
sources, so a changed package gives a new folder; later processes memory-map it. The
folder is renamed into place complete and skipped when the directory is not writable:
the cache changes speed, never answers.
"""

from __future__ import annotations

import hashlib
import math
import os
import shutil
import threading
from pathlib import Path
from typing import Callable, TypeVar

import numpy as np

T = TypeVar("T")
_lock = threading.Lock()
_loaded: dict = {}


def cache_dir() -> Path:
    if os.environ.get("NEWSEVENTS_CACHE_DIR"):
        return Path(os.environ["NEWSEVENTS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "newsevents"


def file_key(path: Path) -> str:
    st = path.stat()
    return f"{path}|{st.st_size}|{st.st_mtime_ns}"


def cached_arrays(name: str, key: str, build: Callable[[], dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """The arrays ``build()`` returns, memory-mapped from the cache when an entry for ``key``
    exists (pages are read as they are used, so opening costs nearly nothing)."""
    folder = cache_dir() / f"{name}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
    try:
        names = (folder / "arrays.txt").read_text(encoding="utf-8").split()
        return {n: np.load(folder / f"{n}.npy", mmap_mode="r", allow_pickle=False) for n in names}
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        shutil.rmtree(folder, ignore_errors=True)  # damaged: derive it again
    arrays = build()
    tmp = folder.with_name(f"{folder.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.mkdir(parents=True)
        for n, a in arrays.items():
            np.save(tmp / f"{n}.npy", a, allow_pickle=False)
        (tmp / "arrays.txt").write_text("\n".join(arrays), encoding="utf-8")  # written last: complete
        os.rename(tmp, folder)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)  # unwritable, or another process got there first
    return arrays


def once(kind: str, key, factory: Callable[[], T]) -> T:
    """The ``kind`` model for ``key``, built by ``factory`` once per process (thread-safe)."""
    with _lock:
        model = _loaded.get((kind, key))
        if model is None:
            model = _loaded[(kind, key)] = factory()
    return model


def log_normalize(scores: np.ndarray) -> np.ndarray:
    """Log-probabilities from unnormalised log scores (a log-softmax)."""
    out = scores - scores.max()
    return out - math.log(np.exp(out).sum())


def uniform(n: int) -> np.ndarray:
    return np.full(n, -math.log(n))
