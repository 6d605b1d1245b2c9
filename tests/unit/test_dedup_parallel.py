"""Signing in a worker process gives the documents signing in this process gives, in
the same order, and the store's signed-document memo only reuses an unchanged row."""

from datetime import date, timedelta

import numpy as np

from newsevents.dedup import match, parallel, store

BASE = ("Air defence systems destroyed {n} drones over the {r} region overnight, the ministry said.\n"
        "Officials in {r} reported damage to {k} houses and a school; there were no casualties.")


def items(n):
    regions = ["Kursk", "Belgorod", "Bryansk", "Odesa", "Kharkiv"]
    return [(f"doc{i:04d}", BASE.format(n=i, k=i % 7, r=regions[i % 5]), date(2024, 1, 1) + timedelta(days=i % 9),
             "en") for i in range(n)]


def test_a_batch_signed_across_processes_equals_one_signed_here(monkeypatch):
    monkeypatch.setenv("NEWSEVENTS_DEDUP_WORKERS", "1")
    monkeypatch.setattr(parallel, "_failed", False)
    batch = items(2 * parallel.MIN_SPLIT + 11)
    here = match.documents(batch)
    there = parallel.sign(batch)
    assert parallel.worker_pids(), "no worker process was started"
    assert [d.key for d in there] == [d.key for d in here]
    for a, b in zip(here, there):
        assert (a.words, a.exact, a.day, a.lines, a.rank) == (b.words, b.exact, b.day, b.lines, b.rank)
        assert np.array_equal(a.bands, b.bands) and np.array_equal(a.shingles, b.shingles)


def test_a_small_batch_or_no_worker_is_signed_here(monkeypatch):
    monkeypatch.setattr(parallel, "_pool", None)
    monkeypatch.setattr(parallel, "_failed", False)
    monkeypatch.setenv("NEWSEVENTS_DEDUP_WORKERS", "0")
    batch = items(2 * parallel.MIN_SPLIT)
    assert [d.exact for d in parallel.sign(batch)] == [d.exact for d in match.documents(batch)]
    assert parallel._pool is None


def test_the_signed_memo_signs_a_changed_text_again():
    key, text, published, language = items(1)[0]
    first = store._documents({key: (text, published, language, 2)})[key]
    assert store._documents({key: (text, published, language, 2)})[key] is first
    changed = store._documents({key: (text + "\nA closing line.", published, language, 3)})[key]
    assert changed is not first and changed.paragraph_count == 3
    assert changed.exact == match.document(key, text + "\nA closing line.", published=published).exact


NESTED = '''
import os, sys
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

def sign_in_a_pool_worker(n):
    from datetime import date
    from newsevents.dedup import parallel
    batch = [(f"doc{i}", f"Air defences destroyed {i} drones over Kursk overnight.", date(2024, 1, 1), "en")
             for i in range(n)]
    return len(parallel.sign(batch)), len(parallel.worker_pids())

if __name__ == "__main__":
    os.environ["NEWSEVENTS_DEDUP_WORKERS"] = "1"
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        print(*pool.submit(sign_in_a_pool_worker, int(sys.argv[1])).result())
'''


def test_a_process_that_started_signing_workers_still_exits(tmp_path):
    """The benchmark's backfill runs the stages in pool workers; one whose signing worker
    was non-daemonic never exited, and the backfill hung at its end."""
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "nested.py"
    script.write_text(NESTED)
    include = Path(__file__).resolve().parents[2] / "include"
    env = {**__import__("os").environ, "PYTHONPATH": str(include)}
    done = subprocess.run([sys.executable, str(script), str(2 * parallel.MIN_SPLIT + 1)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == [str(2 * parallel.MIN_SPLIT + 1), "1"]  # signed, with one worker
