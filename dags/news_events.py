"""
### news_events

Turns the raw article archive into the warehouse of claimed events, one data interval
per run:

`migrate` → `discover` → `ingest`[] → `clean`[] → `detect_language`[] → `deduplicate`
→ `extract_events`[] → `load` → `data_checks`

* **discover** records every input whose publication date (sidecar `published_at`, else an
  `archive/YYYY/MM/DD/` path) falls in the run's data interval, and plans the run's
  batches (about 2,000 documents each, at most 64). Param `whole_archive` takes every
  input instead (what `make run` does on `seeds/`).
* Tasks marked [] are **mapped over those batches** (dynamic task mapping), so every
  worker slot works; each batch finds its documents in the warehouse, the XCom carries
  only the batch number. **ingest** stores its inputs in `raw`, keyed by the SHA-256 of
  their bytes; unreadable inputs go to `ops.quarantine` with a reason.
* **clean**, **detect_language**, **deduplicate**, **extract_events** read the run's
  documents from the warehouse and write `staging` and `core`; nothing passes through
  local files or XComs, so any executor (Celery workers on other machines too) works.
* **load** merges the run's claims into `core.events` / `core.event_mentions` in one
  transaction and publishes the `news_events_warehouse` Asset.
* **data_checks** runs `sql/checks/*.sql`; any offending row fails the run.

Every write is an upsert or a delete-insert keyed by content hash: re-running a day or
backfilling a range never duplicates a row. The warehouse is the Airflow Connection
`warehouse` (`AIRFLOW_CONN_WAREHOUSE`). Logic lives in `include/newsevents`.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, task
from airflow.timetables.interval import CronDataIntervalTimetable

WAREHOUSE_CONN_ID = "warehouse"
WAREHOUSE_ASSET = Asset(name="news_events_warehouse", uri="newsevents://warehouse/core/events")
DEFAULT_ARCHIVE = os.environ.get("NEWSEVENTS_ARCHIVE") or str(Path(__file__).resolve().parents[1] / "seeds")


def _connect():
    """A psycopg2 connection to the Airflow Connection ``warehouse``."""
    from airflow.sdk import BaseHook
    from newsevents import warehouse

    return warehouse.connect(BaseHook.get_connection(WAREHOUSE_CONN_ID).get_uri())


def _window():
    from newsevents.tasks import RunWindow

    ctx = get_current_context()
    params = ctx["params"]
    return RunWindow(
        run_id=ctx["dag_run"].run_id,
        archive=str(params["archive"]),
        start=ctx.get("data_interval_start"),
        end=ctx.get("data_interval_end"),
        whole_archive=bool(params["whole_archive"]),
    )


def _stage(name: str, batch: dict | None = None) -> dict:
    from newsevents import tasks

    conn = _connect()
    try:
        if batch is None:
            return getattr(tasks, name)(conn, _window())
        return getattr(tasks, name)(conn, _window(), batch=batch)
    finally:
        conn.close()


@dag(
    dag_id="news_events",
    schedule=CronDataIntervalTimetable("0 0 * * *", timezone="UTC"),
    start_date=pendulum.datetime(2022, 2, 24, tz="UTC"),
    catchup=False,
    max_active_runs=2,
    default_args={"owner": "news-events", "retries": 2, "retry_delay": timedelta(seconds=30)},
    params={
        "archive": Param(DEFAULT_ARCHIVE, type="string", description="archive folder to read"),
        "whole_archive": Param(False, type="boolean",
                               description="process every input, not only the data interval's"),
    },
    tags=["news-events", "etl"],
    doc_md=__doc__,
)
def news_events():
    @task
    def migrate() -> list[str]:
        from newsevents import warehouse

        conn = _connect()
        try:
            return warehouse.migrate(conn)
        finally:
            conn.close()

    @task
    def discover() -> list[dict]:
        """The run's batch plan; the counts are in ops.runs and the task log."""
        import logging

        found = _stage("register_inputs")
        logging.getLogger(__name__).info("discover: %s", {k: v for k, v in found.items() if k != "batches"})
        return found["batches"]

    @task
    def ingest(batch: dict) -> dict:
        return _stage("ingest_inputs", batch)

    @task
    def clean(batch: dict) -> dict:
        return _stage("clean", batch)

    @task
    def detect_language(batch: dict) -> dict:
        return _stage("detect_language", batch)

    @task
    def deduplicate() -> dict:
        return _stage("deduplicate")

    @task
    def extract_events(batch: dict) -> dict:
        return _stage("extract", batch)

    @task(outlets=[WAREHOUSE_ASSET])
    def load() -> dict:
        result = _stage("load")
        window = _window()
        ctx = get_current_context()
        ctx["outlet_events"][WAREHOUSE_ASSET].extra = {
            "run_id": window.run_id,
            "interval_start": window.start.isoformat() if window.start else None,
            "interval_end": window.end.isoformat() if window.end else None,
            "whole_archive": window.whole_archive,
        }
        return result

    @task
    def data_checks() -> dict:
        from newsevents import warehouse

        conn = _connect()
        try:
            results = warehouse.run_checks(conn)
        finally:
            conn.close()
        failed = [f"{r.name}: {r.failures} rows, e.g. {r.sample[:2]}" for r in results if not r.ok]
        if failed:
            raise ValueError("data checks failed: " + "; ".join(failed))
        return {r.name: r.failures for r in results}

    batches = discover()
    migrate() >> batches
    (ingest.expand(batch=batches) >> clean.expand(batch=batches) >> detect_language.expand(batch=batches)
     >> deduplicate() >> extract_events.expand(batch=batches) >> load() >> data_checks())


news_events()
