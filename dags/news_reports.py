"""
### news_reports

Runs after every `news_events` load, scheduled on the `news_events_warehouse` Asset.
Asset-triggered runs have no logical date, so the loaded window (run id, interval)
travels in the asset event's `extra` and is echoed by `loaded_window`.

* **refresh_marts** refreshes the materialized marts (`mart.claims_vs_counterclaims`,
  `mart.strikes_monthly`) concurrently, so readers are never blocked.
* **check_events** (common-sql `SQLTableCheckOperator` on `core.events`): claim keys
  unique, quantities non-negative, destroyed + lost ≤ launched where both are known,
  every event has evidence and a document.
* **check_mentions**: every mention points at a cleaned document.
* **write_report** renders the analyst report (`newsevents.report`: inline-SVG charts over
  the marts, scraped text escaped) and stores it in `ops.reports`, keyed by its content
  hash, so re-rendering unchanged data is a no-op. The `news_report` plugin serves the
  latest one inside the Airflow UI (Browse → News report, `/news-report/`).

The views in `mart` are the public interface of the warehouse; `sql/marts/*.sql`
documents them column by column.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.providers.common.sql.operators.sql import SQLCheckOperator, SQLTableCheckOperator
from airflow.sdk import Asset, dag, get_current_context, task

# The same Asset the news_events load task publishes (same name and URI).
WAREHOUSE_ASSET = Asset(name="news_events_warehouse", uri="newsevents://warehouse/core/events")
WAREHOUSE_CONN_ID = "warehouse"


@dag(
    dag_id="news_reports",
    schedule=[WAREHOUSE_ASSET],
    start_date=pendulum.datetime(2022, 2, 24, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    default_args={"owner": "news-events", "retries": 2, "retry_delay": timedelta(seconds=30)},
    tags=["news-events", "reporting"],
    doc_md=__doc__,
)
def news_reports():
    @task
    def loaded_window() -> dict:
        """The window the triggering load covered, from the asset event's extra."""
        ctx = get_current_context()
        events = ctx.get("triggering_asset_events") or {}
        extras = [dict(ev.extra or {}) for evs in events.values() for ev in evs]
        windows = [e for e in extras if e.get("run_id")]
        return {"loads": windows, "latest": windows[-1] if windows else None}

    @task
    def refresh_marts() -> list[str]:
        from airflow.sdk import BaseHook
        from newsevents import warehouse

        conn = warehouse.connect(BaseHook.get_connection(WAREHOUSE_CONN_ID).get_uri())
        try:
            return warehouse.refresh_marts(conn)
        finally:
            conn.close()

    @task
    def write_report() -> dict:
        """Render the report from the marts and store it in ops.reports (no local files)."""
        from airflow.sdk import BaseHook
        from newsevents import report, warehouse

        ctx = get_current_context()
        conn = warehouse.connect(BaseHook.get_connection(WAREHOUSE_CONN_ID).get_uri())
        try:
            _, info = report.build(conn, run_id=f"news_reports:{ctx['run_id']}")
        finally:
            conn.close()
        return info

    check_events = SQLTableCheckOperator(
        task_id="check_events",
        conn_id=WAREHOUSE_CONN_ID,
        table="core.events",
        checks={
            "claim_keys_unique": {"check_statement": "COUNT(DISTINCT event_id) = COUNT(*)"},
            "quantities_non_negative": {"check_statement":
                "COALESCE(MIN(LEAST(launched, destroyed, lost, killed, injured, damaged, count)), 0) >= 0"},
            "destroyed_not_above_launched": {"check_statement":
                "SUM(CASE WHEN launched IS NOT NULL AND destroyed IS NOT NULL "
                "AND destroyed + COALESCE(lost, 0) > launched THEN 1 ELSE 0 END) = 0"},
            "evidence_and_document": {"check_statement":
                "SUM(CASE WHEN evidence IS NULL OR evidence = '' OR evidence_doc_id IS NULL THEN 1 ELSE 0 END) = 0"},
        },
    )
    check_mentions = SQLCheckOperator(
        task_id="check_mentions",
        conn_id=WAREHOUSE_CONN_ID,
        sql="""SELECT count(*) = 0 FROM core.event_mentions m
               WHERE NOT EXISTS (SELECT 1 FROM staging.documents d WHERE d.doc_id = m.doc_id)""",
    )

    loaded_window() >> refresh_marts() >> [check_events, check_mentions, write_report()]


news_reports()
