"""Faults a worker meets: SIGKILL mid-stage, a dropped connection, concurrent runs.
After a retry the warehouse must be identical to an uninterrupted run."""

import random
import subprocess
import sys
import threading
from pathlib import Path

import psycopg2
import pytest

from newsevents import tasks, warehouse

from .conftest import reset

pytestmark = pytest.mark.integration
HERE = Path(__file__).resolve().parent
TABLES = [t for t in warehouse.CONTENT_TABLES if t != "ops.quarantine"]


def whole(archive, run_id="run"):
    return tasks.RunWindow(run_id, str(archive), whole_archive=True)


def reference(conn, archive):
    tasks.run_all(conn, whole(archive))
    sums = warehouse.table_checksums(conn, TABLES)
    reset(conn)
    return sums


@pytest.mark.parametrize("trial", range(3))
def test_sigkill_during_extract_or_load_then_retry(conn, test_url, seeds_dir, trial):
    expected = reference(conn, seeds_dir)
    rng = random.Random(trial)
    stage = ("extract", "load")[trial % 2] if trial < 2 else rng.choice(["clean", "extract", "load"])
    nth = rng.randint(1, 4)
    proc = subprocess.run([sys.executable, str(HERE / "kill_during_run.py"), test_url, str(seeds_dir), "run",
                           stage, str(nth)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == -9, f"the process was not killed in {stage}: {proc.stdout} {proc.stderr}"
    # the retry: the same run again, in a fresh process state
    tasks.run_all(conn, whole(seeds_dir))
    assert warehouse.table_checksums(conn, TABLES) == expected


def test_dropped_connection_fails_cleanly_and_retry_succeeds(conn, test_url, seeds_dir):
    expected = reference(conn, seeds_dir)
    victim = warehouse.connect(test_url)
    window = whole(seeds_dir)
    tasks.discover(victim, window)
    tasks.clean(victim, window)
    with conn.cursor() as cur:
        cur.execute("SELECT pg_terminate_backend(%s)", (victim.get_backend_pid(),))
    conn.commit()
    with pytest.raises(psycopg2.OperationalError):
        tasks.detect_language(victim, window)
    retry = warehouse.connect(test_url)
    tasks.run_all(retry, window)
    retry.close()
    assert warehouse.table_checksums(conn, TABLES) == expected


def test_concurrent_overlapping_runs_do_not_duplicate(conn, test_url, seeds_dir):
    expected = reference(conn, seeds_dir)
    errors = []

    def run(run_id):
        try:
            c = warehouse.connect(test_url)
            tasks.run_all(c, whole(seeds_dir, run_id))
            c.close()
        except Exception as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(f"r{i}",)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert warehouse.table_checksums(conn, TABLES) == expected
