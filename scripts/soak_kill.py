#!/usr/bin/env python3
"""Soak test: SIGKILL the pipeline at random points of random stages, retry, compare.

    source scripts/env.sh && python scripts/soak_kill.py [--trials 20] [--archive seeds] [--seed 1]

Uses the test database (NEWSEVENTS_TEST_URL, reset here). One uninterrupted run gives
the reference table checksums; then each trial resets, runs tests/integration/
kill_during_run.py (which SIGKILLs itself at the N-th SQL statement of a stage), retries
the same run to completion in a fresh process, and compares every content table with
the reference. Prints one line per trial and a summary; exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "include"))

from newsevents import tasks, warehouse  # noqa: E402
from tests.integration.conftest import reset  # noqa: E402

STAGES = ["discover", "clean", "detect_language", "deduplicate", "extract", "load"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=20)
    ap.add_argument("--archive", default=str(ROOT / "seeds"))
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    url = os.environ.get("NEWSEVENTS_TEST_URL")
    if not url:
        print("NEWSEVENTS_TEST_URL is not set: source scripts/env.sh after scripts/pg.sh start")
        return 2
    tables = [t for t in warehouse.CONTENT_TABLES if not t.startswith("ops.")]
    archive = str(Path(args.archive).resolve())
    window = tasks.RunWindow("soak", archive, whole_archive=True)
    conn = warehouse.connect(url)
    reset(conn)
    tasks.run_all(conn, window)
    expected = warehouse.table_checksums(conn, tables)
    rng = random.Random(args.seed)
    failures = 0
    started = time.perf_counter()
    for trial in range(1, args.trials + 1):
        stage = rng.choice(["extract", "load"]) if trial % 3 else rng.choice(STAGES)
        nth = rng.randint(1, 6)
        reset(conn)
        proc = subprocess.run([sys.executable, str(ROOT / "tests" / "integration" / "kill_during_run.py"),
                               url, archive, "soak", stage, str(nth)], capture_output=True, text=True,
                              env=dict(os.environ, PYTHONPATH=str(ROOT / "include")))
        killed = proc.returncode == -9
        retry = warehouse.connect(url)
        tasks.run_all(retry, window)
        retry.close()
        same = warehouse.table_checksums(conn, tables) == expected
        failures += not same
        print(f"trial {trial:2d}: SIGKILL in {stage:<15} at statement {nth}: "
              f"{'killed' if killed else 'finished before the kill'}; after retry "
              f"{'identical' if same else 'DIFFERENT'}")
    print(f"soak: {args.trials} trials, {failures} with differences, {time.perf_counter() - started:.0f} s")
    conn.close()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
