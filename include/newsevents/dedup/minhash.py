"""MinHash signatures and LSH band keys over word 3-shingles (numpy, deterministic).

Chosen over SimHash by measurement (bench/dedup): a truncated or extended copy keeps
most of its shingles but moves a 64-bit SimHash far beyond a 3-bit Hamming radius,
whereas MinHash bands find any pair whose shingle sets overlap enough, and their keys
are 63-bit hashes, so unrelated documents almost never share one: the candidates of a
new document are its real near-duplicates, however large the history.

The permutations are fixed (seeded), so a signature computed today matches one stored
years ago. Band keys fit PostgreSQL ``bigint``.
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import Sequence

import numpy as np

SHINGLE = 3
ROWS = 2                    # minhash values per band
BANDS = 32                  # band keys per document
NUM_PERM = ROWS * BANDS
_MERSENNE = np.uint64((1 << 61) - 1)
_MASK32 = np.uint64(0xFFFFFFFF)
_rng = np.random.default_rng(0x6E657773)  # fixed forever: stored signatures depend on it
_MAX_PERM = 256
_A = _rng.integers(1, 1 << 32, size=_MAX_PERM, dtype=np.uint64)
_B = _rng.integers(0, 1 << 32, size=_MAX_PERM, dtype=np.uint64)
_BAND_SALT = _rng.integers(1, 1 << 63, size=_MAX_PERM, dtype=np.uint64)
_CHUNK = 4096               # shingles per block: bounds memory on huge documents


@lru_cache(maxsize=500_000)
def _word_hash(word: str) -> int:
    return zlib.crc32(word.encode("utf-8"))


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads structured inputs over all 64 bits."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def shingles(words: Sequence[str]) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word 3-shingles (one shingle for shorter texts)."""
    if not words:
        return np.empty(0, dtype=np.uint32)
    h = np.fromiter((_word_hash(w) for w in words), dtype=np.uint64, count=len(words))
    if len(h) < SHINGLE:
        z = np.zeros(1, dtype=np.uint64)
        for x in h:
            z = _mix(z ^ x)
    else:
        n = len(h) - SHINGLE + 1
        z = h[:n].copy()
        for k in range(1, SHINGLE):
            z = _mix(z ^ (h[k:k + n] << np.uint64(16 * k)))
    return np.unique((z & _MASK32).astype(np.uint32))


def signature(shingle_hashes: np.ndarray, num_perm: int = NUM_PERM) -> np.ndarray:
    """``num_perm`` minimum hash values (uint32) under the fixed universal permutations."""
    a, b = _A[:num_perm], _B[:num_perm]
    out = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint64)
    x = shingle_hashes.astype(np.uint64)
    for i in range(0, len(x), _CHUNK):
        block = x[i:i + _CHUNK, None]
        with np.errstate(over="ignore"):
            v = ((block * a + b) % _MERSENNE) & _MASK32
        np.minimum(out, v.min(axis=0), out=out)
    return out.astype(np.uint32)


def band_keys(minhash: np.ndarray, bands: int = BANDS, rows: int = ROWS) -> np.ndarray:
    """``bands`` signed 64-bit keys: equal keys mean ``rows`` equal minimum hashes in that band."""
    table = minhash[:bands * rows].astype(np.uint64).reshape(bands, rows)
    z = _BAND_SALT[:bands].copy()
    for r in range(rows):
        z = _mix(z ^ table[:, r])
    return (z >> np.uint64(1)).astype(np.int64)


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
