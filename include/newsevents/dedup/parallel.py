"""Signing a batch of documents on two cores: part of it in a worker process, the rest
in the caller's, at the same time.

Tokenising and MinHash signing is most of deduplication's Python time, and the GIL
keeps a thread from doing it beside the caller, so a worker process (one by default,
``NEWSEVENTS_DEDUP_WORKERS``; started once, reused by every later batch of the
process) signs its share of each large batch. The
documents come back pickled; a signature depends on the document alone, so the result
is the same wherever it was computed. Where no worker can be started (one core,
``NEWSEVENTS_DEDUP_WORKERS=0``, a daemonic parent) or one fails, the caller signs
everything itself. The workers are a ``multiprocessing.Pool``'s, which are daemonic: a
process that exits (a pool worker of its own, a CLI run, a task) terminates them. A
``ProcessPoolExecutor``'s non-daemonic workers, started from a process that was itself a
pool worker, kept that process from exiting: the benchmark's backfill hung at its end.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
from multiprocessing.pool import Pool

from .match import Doc, documents

MIN_SPLIT = 200     # documents per part below which the round trip costs more than it saves
_pool: Pool | None = None
_failed = False


def _workers() -> int:
    env = os.environ.get("NEWSEVENTS_DEDUP_WORKERS")
    if env is not None:
        return max(0, int(env))
    return 1 if (os.cpu_count() or 1) > 1 else 0


def _get_pool() -> Pool | None:
    global _pool, _failed
    if _pool is None and not _failed:
        if _workers() < 1 or multiprocessing.current_process().daemon:
            _failed = True
            return None
        try:
            # spawn: a fresh interpreter, never a fork of a process holding connections and threads
            _pool = multiprocessing.get_context("spawn").Pool(_workers())
            atexit.register(_pool.terminate)  # before the interpreter tears its modules down
        except (OSError, ValueError, RuntimeError):
            _failed = True
    return _pool


def sign(items: list[tuple]) -> list[Doc]:
    """``match.documents(items)``, a large batch cut in one part per worker and one for
    the caller, all signed at the same time."""
    global _failed
    pool = _get_pool() if len(items) >= 2 * MIN_SPLIT else None
    if pool is None:
        return documents(items)
    parts = min(_workers() + 1, len(items) // MIN_SPLIT)
    step = -(-len(items) // parts)
    cuts = [items[i:i + step] for i in range(0, len(items), step)]
    try:
        futures = [pool.apply_async(documents, (part,)) for part in cuts[1:]]
    except (RuntimeError, ValueError):  # the pool is closed or broken
        _failed = True
        return documents(items)
    out = documents(cuts[0])
    for part, future in zip(cuts[1:], futures):
        try:
            out += future.get(timeout=600)
        except Exception:  # a broken worker: sign that part here, and stop using the pool
            _failed = True
            out += documents(part)
    return out


def worker_pids() -> list[int]:
    """Process ids of the live signing workers (for the benchmark's CPU and memory)."""
    return sorted(p.pid for p in getattr(_pool, "_pool", None) or ()) if _pool is not None else []
