"""Run the whole news_events DAG with dag.test() on seeds/ against the real PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = [pytest.mark.dag, pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


def test_dag_runs_on_seeds(monkeypatch, test_url, seeds_dir):
    from newsevents import warehouse
    from tests.integration.conftest import reset

    conn = warehouse.connect(test_url)
    try:
        reset(conn)
        _run_twice(monkeypatch, conn, test_url, seeds_dir)
    finally:
        conn.close()


def _run_twice(monkeypatch, conn, test_url, seeds_dir):
    from newsevents import warehouse

    monkeypatch.setenv("AIRFLOW_CONN_WAREHOUSE", test_url)
    from airflow.dag_processing.dagbag import DagBag
    from airflow.utils.state import DagRunState

    dag = DagBag(dag_folder=str(ROOT / "dags")).dags["news_events"]
    run = dag.test(run_conf={"whole_archive": True, "archive": str(seeds_dir)})
    assert run.state == DagRunState.SUCCESS, f"DAG run ended {run.state}"
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM staging.documents")
        assert cur.fetchone()[0] == 5
        cur.execute("SELECT count(*) FROM core.events")
        events = cur.fetchone()[0]
        assert events >= 10
    conn.rollback()
    before = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES[:-1])
    run = dag.test(run_conf={"whole_archive": True, "archive": str(seeds_dir)})
    assert run.state == DagRunState.SUCCESS
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES[:-1]) == before
