"""MinHash signatures and LSH band keys over word 3-shingles (numpy, deterministic).

Chosen over SimHash by measurement (bench/dedup): a truncated or extended copy keeps
most of its shingles but moves a 64-bit SimHash far beyond a 3-bit Hamming radius,
whereas MinHash bands find any pair whose shingle sets overlap enough, and their keys
are hashes of two minimum values, so unrelated documents almost never share one: the
candidates of a new document are its real near-duplicates, however large the history.

Signatures are computed for a whole batch at once: every shingle of the batch goes
through the ``NUM_PERM`` multiply-add-shift hash functions in one array operation and
each document's minimum is taken with ``np.minimum.reduceat``, so the per-document cost
is a few microseconds of numpy, not a Python loop. The hash parameters are fixed
(seeded): a signature computed today matches one stored years ago.
"""

from __future__ import annotations

from itertools import chain
from typing import Sequence

import numpy as np

SHINGLE = 3
ROWS = 2                    # minhash values per band
BANDS = 32                  # band keys per document
NUM_PERM = ROWS * BANDS
_MASK32 = np.uint64(0xFFFFFFFF)
_rng = np.random.default_rng(0x6E657773)  # fixed forever: stored signatures depend on it
_A = _rng.integers(1, 1 << 63, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)  # odd multipliers
_B = _rng.integers(0, 1 << 63, size=NUM_PERM, dtype=np.uint64)
_BAND_SALT = _rng.integers(1, 1 << 63, size=BANDS, dtype=np.uint64)
_BLOCK = 16384              # shingles hashed per array operation: bounds memory (64 x 16384 x 8 B)
_EMPTY = np.uint32(0xFFFFFFFF)


def _mix(z: np.ndarray) -> np.ndarray:
    """splitmix64 finaliser: spreads structured inputs over all 64 bits."""
    with np.errstate(over="ignore"):
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


def positional(word_hashes: Sequence[int]) -> np.ndarray:
    """32-bit hash of the word 3-shingle starting at each position (one shingle for
    texts shorter than three words, none for an empty text), from the words' hashes."""
    return shingle_sets([word_hashes])[0]


def shingle_sets(word_hashes: Sequence[Sequence[int]]) -> list[np.ndarray]:
    """Each document's sorted distinct 3-shingle hashes (uint32), for a whole batch in a
    few array operations: the batch's word hashes in one array, every 3-word window
    hashed at once, the windows that cross from one document into the next dropped, and
    (document, hash) sorted and made distinct in one ``np.unique``."""
    lens = np.fromiter(map(len, word_hashes), dtype=np.int64, count=len(word_hashes))
    n = len(lens)
    if not n or not lens.sum():
        return [np.empty(0, dtype=np.uint32) for _ in range(n)]
    flat = np.fromiter(chain.from_iterable(word_hashes), dtype=np.uint64, count=int(lens.sum()))
    owner = np.repeat(np.arange(n, dtype=np.uint64), lens)
    keys = []
    if len(flat) >= SHINGLE:
        m = len(flat) - SHINGLE + 1
        z = flat[:m].copy()
        for k in range(1, SHINGLE):
            z = _mix(z ^ (flat[k:k + m] << np.uint64(16 * k)))
        inside = owner[:m] == owner[SHINGLE - 1:]
        keys.append((owner[:m][inside] << np.uint64(32)) | (z[inside] & _MASK32))
    for i in np.flatnonzero((lens > 0) & (lens < SHINGLE)).tolist():  # one shingle of all its words
        start = int(lens[:i].sum())
        z = np.zeros(1, dtype=np.uint64)
        for x in flat[start:start + int(lens[i])]:
            z = _mix(z ^ x)
        keys.append((np.uint64(i) << np.uint64(32)) | (z & _MASK32))
    key = np.sort(np.concatenate(keys))
    key = key[np.concatenate(([True], key[1:] != key[:-1]))]  # distinct (a sort beats np.unique's hash here)
    bounds = np.searchsorted(key >> np.uint64(32), np.arange(n + 1, dtype=np.uint64))
    values = (key & _MASK32).astype(np.uint32)
    return [values[bounds[i]:bounds[i + 1]] for i in range(n)]


def _hash_block(x: np.ndarray) -> np.ndarray:
    """(NUM_PERM, len(x)) uint64 values of the multiply-add-shift functions
    (a*x + b mod 2^64) >> 32: one row per function, so each minimum runs along memory."""
    with np.errstate(over="ignore"):
        return (_A[:, None] * x.astype(np.uint64)[None, :] + _B[:, None]) >> np.uint64(32)


def signatures(shingle_sets: Sequence[np.ndarray]) -> np.ndarray:
    """(len(shingle_sets), NUM_PERM) uint32 minimum hash values, one row per document;
    an empty set gets the all-ones row (it shares no band with anything real)."""
    out = np.full((len(shingle_sets), NUM_PERM), _EMPTY, dtype=np.uint32)
    group: list[int] = []
    size = 0

    def flush() -> None:
        nonlocal group, size
        if group:
            x = np.concatenate([shingle_sets[i] for i in group])
            starts = np.cumsum([0] + [len(shingle_sets[i]) for i in group[:-1]])
            out[group] = np.minimum.reduceat(_hash_block(x), starts, axis=1).T
        group, size = [], 0

    for i, s in enumerate(shingle_sets):
        n = len(s)
        if n == 0:
            continue
        if n > _BLOCK:  # one large document: its own blocks
            flush()
            row = np.full(NUM_PERM, np.iinfo(np.uint64).max, dtype=np.uint64)
            for j in range(0, n, _BLOCK):
                np.minimum(row, _hash_block(s[j:j + _BLOCK]).min(axis=1), out=row)
            out[i] = row
            continue
        if size + n > _BLOCK:
            flush()
        group.append(i)
        size += n
    flush()
    return out


def signature(shingle_set: np.ndarray) -> np.ndarray:
    return signatures([shingle_set])[0]


def band_keys(minhashes: np.ndarray) -> np.ndarray:
    """Band keys, shape (..., BANDS), signed 32-bit (PostgreSQL ``integer``): equal keys
    mean ``ROWS`` equal minimum hashes in that band. 32 bits suffice because keys are
    only looked up within a few days, where a chance collision is one in millions, and
    a chance candidate is only compared, never merged by it."""
    table = minhashes[..., :BANDS * ROWS].astype(np.uint64).reshape(*minhashes.shape[:-1], BANDS, ROWS)
    z = np.broadcast_to(_BAND_SALT[:BANDS], table.shape[:-1]).copy()
    for r in range(ROWS):
        z = _mix(z ^ table[..., r])
    return (z & _MASK32).astype(np.uint32).view(np.int32)


def jaccard_estimate(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / len(a)
