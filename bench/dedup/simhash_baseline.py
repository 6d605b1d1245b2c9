"""64-bit Charikar SimHash over word 3-shingles: the previous near-duplicate method,
kept here only as the measured alternative of bench_dedup.py (on whole documents a
truncated or extended copy moves the hash far outside the radius; see the README).
Four 16-bit bands: two hashes within Hamming distance 3 share at least one band.
"""

from __future__ import annotations

import hashlib

from newsevents.dedup.text import normalized

SIMHASH_BITS = 64
BANDS = 4
BAND_BITS = SIMHASH_BITS // BANDS
MAX_HAMMING = 3
SHINGLE = 3


def _h64(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode("utf-8"), digest_size=8).digest(), "big")


# Bit counting for SimHash without a 64-step Python loop per shingle: each byte of a hash
# is spread into 32-bit lanes of one big integer (one lane per hash bit), so summing the
# spread hashes counts every bit position at once, in C.
_LANE = 32
_SPREAD = [[sum(((b >> j) & 1) << ((8 * k + j) * _LANE) for j in range(8)) for b in range(256)]
           for k in range(8)]


def simhash64(text: str) -> int:
    """Charikar SimHash of word 3-shingles (unsigned 64-bit)."""
    words = normalized(text).split()
    if not words:
        return 0
    if len(words) < SHINGLE:
        grams = [" ".join(words)]
    else:
        grams = [" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)]
    s0, s1, s2, s3, s4, s5, s6, s7 = _SPREAD
    total = 0
    for g in grams:
        h = _h64(g)
        total += (s0[h & 255] + s1[(h >> 8) & 255] + s2[(h >> 16) & 255] + s3[(h >> 24) & 255]
                  + s4[(h >> 32) & 255] + s5[(h >> 40) & 255] + s6[(h >> 48) & 255] + s7[(h >> 56) & 255])
    n = len(grams)
    mask = (1 << _LANE) - 1
    value = 0
    for bit in range(SIMHASH_BITS):
        if ((total >> (bit * _LANE)) & mask) * 2 > n:  # more ones than zeros at this bit
            value |= 1 << bit
    return value


def to_signed(value: int) -> int:
    """PostgreSQL ``bigint`` is signed: store the unsigned hash in two's complement."""
    return value - (1 << 64) if value >= 1 << 63 else value


def bands(value: int) -> list[int]:
    mask = (1 << BAND_BITS) - 1
    return [(value >> (i * BAND_BITS)) & mask for i in range(BANDS)]


def hamming(a: int, b: int) -> int:
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()
