"""Per-source learning: lines that recur across many documents of one source are boilerplate.

A site's own chrome (its slogan, its "Follow us on Telegram" line, its donation plea,
its "About us" paragraph) is the same line, byte for byte, in every article it
publishes, and no lexicon can know it in advance. So every cleaned paragraph is counted
per *source* -- the sidecar URL's host, else the sidecar ``source``, else the page's
own canonical URL, else the file's folder (a dated ``YYYY/MM/DD`` tail stripped) -- by
the hash of its folded text, and a line found in at least ``MIN_DOCS`` distinct
documents of its source is removed (rule ``recurring``).

Semantics, so that a backfill gives the same answer in any order: the counts are the
number of distinct documents of the source holding the line, over every document
loaded so far (the warehouse keeps them: ``staging.document_lines`` per document,
``staging.source_lines`` per source and line); whether a line is removed depends only
on those counts, and every document whose stored cleaning disagrees with the current
counts is cleaned again (``tasks.clean``). Removing recurring lines never takes more
than ``MAX_SHARE`` of a document's text: a document made mostly of lines other
documents share is a copy (deduplication's business), not boilerplate.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from pathlib import PurePath
from urllib.parse import urlsplit

from .clean import CleanResult
from .lexicon import fold
from .lines import Removed

__all__ = ["MIN_DOCS", "MAX_SHARE", "line_key", "source_key", "line_keys", "apply_recurring",
           "count_lines", "recurring_keys", "apply_batch"]

MIN_DOCS = 3       # distinct documents of a source that must hold a line to make it boilerplate
MAX_SHARE = 0.5    # never remove more than this share of a document's characters this way
_DATE_TAIL = re.compile(r"(?:/\d{4}(?:/\d{2}(?:/\d{2})?)?)+$")
_HAS_LETTER = re.compile(r"[^\W\d_]")


def line_key(text: str) -> str:
    """Identity of a line: a hash of its case- and space-folded text."""
    return hashlib.sha1(fold(text).encode("utf-8")).hexdigest()[:16]


def source_key(url: str | None = None, source: str | None = None, page_url: str | None = None,
               path: str | None = None) -> str:
    """The source a document belongs to (see module docstring for the order)."""
    host = _host(url)
    if host:
        return host
    if source:
        return "source:" + fold(source)
    host = _host(page_url)
    if host:
        return host
    if path:
        folder = PurePath(path).parent.as_posix()
        return "dir:" + (_DATE_TAIL.sub("", folder) or folder)
    return "unknown"


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = urlsplit(url if "//" in url else "//" + url).hostname
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    return host[4:] if host.startswith("www.") else host


def line_keys(paragraphs: list[str]) -> dict[str, str]:
    """key -> first paragraph text, for the lines worth counting (ones with letters)."""
    out: dict[str, str] = {}
    for p in paragraphs:
        if _HAS_LETTER.search(p):
            out.setdefault(line_key(p), p)
    return out


def count_lines(docs: list[tuple[str, dict[str, str]]]) -> dict[tuple[str, str], int]:
    """(source, key) -> number of distinct documents, from (source, line_keys) pairs."""
    counts: dict[tuple[str, str], int] = {}
    for source, keys in docs:
        for k in keys:
            counts[(source, k)] = counts.get((source, k), 0) + 1
    return counts


def recurring_keys(source: str, keys, counts: dict[tuple[str, str], int]) -> set[str]:
    return {k for k in keys if counts.get((source, k), 0) >= MIN_DOCS}


def apply_recurring(result: CleanResult, recurring: set[str]) -> CleanResult:
    """``result`` without its recurring lines (each recorded with rule ``recurring``)."""
    if not recurring or not result.paragraphs:
        return result
    drop = [line_key(p) in recurring for p in result.paragraphs]
    if not any(drop):
        return result
    total = sum(len(p) for p in result.paragraphs)
    gone = sum(len(p) for p, d in zip(result.paragraphs, drop) if d)
    if gone > MAX_SHARE * total:
        return replace(result, meta={**result.meta, "recurring_skipped": "mostly shared lines: a copy"})
    kept = [p for p, d in zip(result.paragraphs, drop) if not d]
    removed = list(result.removed) + [Removed(p, "recurring", i) for i, (p, d)
                                      in enumerate(zip(result.paragraphs, drop)) if d]
    return replace(result, text="\n".join(kept), paragraphs=kept, removed=removed)


def apply_batch(items: list[tuple[CleanResult, str]]) -> list[CleanResult]:
    """Learn and remove recurring lines over a batch held in memory (the CLI's inputs):
    the same rule as the warehouse's, with the batch as the archive."""
    keyed = [(source, line_keys(result.paragraphs)) for result, source in items]
    counts = count_lines(keyed)
    return [apply_recurring(result, recurring_keys(source, keys, counts))
            for (result, _), (source, keys) in zip(items, keyed)]
