"""Exact and near-duplicate detection, with a guard for templated reports.

Three levels: an exact hash of the normalised clean text; a 64-bit SimHash over word
shingles for near-duplicates, looked up through four 16-bit bands (two texts within
Hamming distance 3 share a band, so the warehouse finds candidates with an index and
never scans history); and repeated paragraphs inside a document.

Shingle similarity alone merges "air defences destroyed 15 drones" with next day's
"... destroyed 36 drones". The template guard makes the facts part of the decision:
two texts are duplicates only if the numbers and dates of the shorter one all appear
in the longer one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

SIMHASH_BITS = 64
BANDS = 4
BAND_BITS = SIMHASH_BITS // BANDS
MAX_HAMMING = 3
SHINGLE = 3
_WORD = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,\s]\d{3})*(?:[.,]\d+)?")
_QUOTES = str.maketrans({c: '"' for c in "“”„«»‟″"} | {c: "'" for c in "‘’‚‛′`"})


def normalize_for_hash(text: str) -> str:
    """Case-, accent-, quote- and whitespace-folded text: what 'the same story' compares."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(_WORD.findall(text.lower()))


def exact_hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode("utf-8")).hexdigest()


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
    words = normalize_for_hash(text).split()
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


def facts(text: str) -> frozenset[str]:
    """Numbers stated in the text, normalised (``1.185`` and ``1,185`` are one fact)."""
    out = set()
    for m in _NUMBER.finditer(text):
        out.add(re.sub(r"[.,\s]", "", m.group(0)))
    return frozenset(out)


@dataclass(frozen=True)
class Signature:
    key: str               # document id (or file name in the CLI)
    exact: str
    simhash: int
    facts: frozenset[str]
    length: int
    rank: tuple = ()       # canonical order: the smallest rank is a cluster's canonical


def signature(key: str, text: str, rank: tuple = ()) -> Signature:
    return Signature(key, exact_hash(text), simhash64(text), facts(text),
                     len(normalize_for_hash(text)), rank or (key,))


def facts_compatible(a: Signature, b: Signature) -> bool:
    """The shorter text states no number the longer one lacks (the template guard)."""
    short, long_ = (a, b) if a.length <= b.length else (b, a)
    return short.facts <= long_.facts


def is_duplicate(a: Signature, b: Signature) -> bool:
    if a.exact == b.exact:
        return True
    if not a.length or not b.length:
        return False
    return hamming(a.simhash, b.simhash) <= MAX_HAMMING and facts_compatible(a, b)


def cluster(signatures: Sequence[Signature]) -> dict[str, tuple[str, str | None]]:
    """Group near-duplicates; returns ``key -> (canonical key, duplicate_of or None)``.

    Order-independent: candidates come from band buckets, components from union-find,
    and each component's canonical member is the one with the smallest ``rank``.
    """
    parent = {s.key: s.key for s in signatures}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple, list[Signature]] = {}
    for s in signatures:
        for i, b in enumerate(bands(s.simhash)):
            buckets.setdefault((i, b), []).append(s)
        buckets.setdefault(("x", s.exact), []).append(s)
    for members in buckets.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                a, b = members[i], members[j]
                if find(a.key) != find(b.key) and is_duplicate(a, b):
                    parent[find(a.key)] = find(b.key)
    by_root: dict[str, list[Signature]] = {}
    for s in signatures:
        by_root.setdefault(find(s.key), []).append(s)
    out: dict[str, tuple[str, str | None]] = {}
    for members in by_root.values():
        canonical = min(members, key=lambda s: (s.rank, s.key)).key
        for s in members:
            out[s.key] = (canonical, None if s.key == canonical else canonical)
    return out


def repeated_paragraphs(paragraphs: Iterable[str], min_chars: int = 40) -> list[int | None]:
    """For each paragraph, the index of an earlier paragraph it repeats, else None.

    A repeat is the same normalised text, or (for paragraphs of ``min_chars`` or more)
    a SimHash within the threshold that states the same numbers.
    """
    seen_exact: dict[str, int] = {}
    seen_sig: list[tuple[int, Signature]] = []
    out: list[int | None] = []
    for idx, para in enumerate(paragraphs):
        norm = normalize_for_hash(para)
        if not norm:
            out.append(None)
            continue
        if norm in seen_exact:
            out.append(seen_exact[norm])
            continue
        seen_exact[norm] = idx
        hit = None
        if len(norm) >= min_chars:
            sig = signature(str(idx), para)
            for j, other in seen_sig:
                if is_duplicate(sig, other) and sig.facts == other.facts:
                    hit = j
                    break
            seen_sig.append((idx, sig))
        out.append(hit)
    return out
