"""Test helper: run every stage into the warehouse, SIGKILLing this very process at the
N-th SQL statement of stage STAGE (the statement is sent first), as a crashed worker would.

    python kill_during_run.py URL ARCHIVE RUN_ID STAGE N
"""

import os
import signal
import sys

import psycopg2.extensions

from newsevents import tasks, warehouse

url, archive, run_id, stage, nth = sys.argv[1:6]
nth = int(nth)
state = {"stage": None, "count": 0}


class KillingCursor(psycopg2.extensions.cursor):
    def execute(self, query, vars=None):
        result = super().execute(query, vars)
        if state["stage"] == stage:
            state["count"] += 1
            if state["count"] >= nth:
                os.kill(os.getpid(), signal.SIGKILL)
        return result


conn = psycopg2.connect(warehouse.warehouse_url(url), cursor_factory=KillingCursor)
window = tasks.RunWindow(run_id, archive, whole_archive=True)
for name in ("discover", "clean", "detect_language", "deduplicate", "extract", "load"):
    state["stage"] = name
    getattr(tasks, name)(conn, window)
print("finished without being killed")
