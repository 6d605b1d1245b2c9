"""`make airflow` end to end: boot the local Airflow (scripts/airflow.sh start: scheduler,
dag-processor, triggerer, api-server, LocalExecutor, 127.0.0.1), check health, trigger
news_events through the REST API and wait for it, wait for the asset-triggered
news_reports run to store the report, then open the UI in headless Chromium: both DAGs
are listed and the news_report plugin page shows the report.

The warehouse is the test database (NEWSEVENTS_TEST_URL), so the real warehouse is left
alone. When Airflow is already running (someone's `make airflow`) it is reused with its
own warehouse and left running.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

import pytest
import requests

from tests.ui.browser import Console, browser, require_browser

pytestmark = [pytest.mark.integration, pytest.mark.dag]
ROOT = Path(__file__).resolve().parents[2]
AIRFLOW_SH = ROOT / "scripts" / "airflow.sh"
RUN_TIMEOUT = int(os.environ.get("NEWSEVENTS_UI_RUN_TIMEOUT", "600"))


def _sh(*args, env=None, timeout=60) -> str:
    return subprocess.run([str(AIRFLOW_SH), *args], env=env, cwd=ROOT, check=True, text=True,
                          capture_output=True, timeout=timeout).stdout


class Api:
    def __init__(self, base: str, token: str):
        self.base, self.token = base, token
        self.s = requests.Session()
        self.s.headers["Authorization"] = f"Bearer {token}"

    def get(self, path: str, **kw):
        r = self.s.get(self.base + path, timeout=30, **kw)
        r.raise_for_status()
        return r.json()

    def post(self, path: str, body: dict):
        r = self.s.post(self.base + path, json=body, timeout=30)
        assert r.status_code in (200, 201), f"{path}: {r.status_code} {r.text[:500]}"
        return r.json()


@pytest.fixture(scope="module")
def airflow(test_url):
    require_browser()
    from newsevents import warehouse
    from tests.integration.conftest import reset

    was_running = "running" in _sh("status")
    env = dict(os.environ)
    if not was_running:
        env["WAREHOUSE_URL"] = env["AIRFLOW_CONN_WAREHOUSE"] = test_url
        conn = warehouse.connect(test_url)
        reset(conn)
        conn.close()
    started = datetime.now(timezone.utc)
    try:
        _sh("start", env=env, timeout=600)
    except subprocess.CalledProcessError as exc:
        pytest.fail(f"scripts/airflow.sh start failed:\n{exc.stdout}\n{exc.stderr}")
    try:
        base = _sh("url", env=env).strip()
        password = (ROOT / ".local" / "secrets" / "ui-password").read_text().strip()
        r = requests.post(f"{base}/auth/token", json={"username": "admin", "password": password}, timeout=30)
        assert r.status_code in (200, 201), r.text
        api = Api(base, r.json()["access_token"])
        if not was_running:
            _fail_leftover_runs(api, started)
        yield api
    finally:
        if not was_running:
            _sh("stop", env=env, timeout=120)


def _when(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _fail_leftover_runs(api: Api, before: datetime) -> None:
    """Runs left queued/running by an earlier, interrupted session would hold
    max_active_runs until their tasks time out: mark them failed."""
    for dag_id in ("news_events", "news_reports"):
        runs = api.get(f"/api/v2/dags/{dag_id}/dagRuns", params={"state": ["queued", "running"], "limit": 50})
        for run in runs["dag_runs"]:
            if _when(run["run_after"]) < before:
                r = api.s.patch(f"{api.base}/api/v2/dags/{dag_id}/dagRuns/{run['dag_run_id']}",
                                json={"state": "failed"}, timeout=30)
                assert r.status_code == 200, r.text


def _wait_run(api: Api, dag_id: str, run_id: str, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        run = api.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}")
        if run["state"] in ("success", "failed"):
            break
        assert time.monotonic() < deadline, f"{dag_id} {run_id} still {run['state']} after {timeout}s"
        time.sleep(3)
    if run["state"] != "success":
        tis = api.get(f"/api/v2/dags/{dag_id}/dagRuns/{run_id}/taskInstances")["task_instances"]
        bad = {t["task_id"]: t["state"] for t in tis if t["state"] != "success"}
        pytest.fail(f"{dag_id} {run_id} ended {run['state']}: {bad} (logs under .local/airflow/logs)")
    return run


def test_health(airflow):
    r = requests.get(f"{airflow.base}/api/v2/monitor/health", timeout=30)
    assert r.status_code == 200
    health = r.json()
    assert health["metadatabase"]["status"] == "healthy", health
    assert health["scheduler"]["status"] == "healthy", health


def test_trigger_news_events_and_report(airflow):
    run_id = f"ui_test__{uuid.uuid4().hex[:12]}"
    airflow.post("/api/v2/dags/news_events/dagRuns", {
        "dag_run_id": run_id,
        "logical_date": datetime.now(timezone.utc).isoformat(),
        "conf": {"whole_archive": True},
    })
    _wait_run(airflow, "news_events", run_id, RUN_TIMEOUT)

    # The load publishes the Asset; the news_reports run created from *this* run's asset
    # event (not one a scheduled run of the same DAG set off meanwhile) stores the report.
    deadline = time.monotonic() + RUN_TIMEOUT
    while True:
        events = airflow.get("/api/v2/assets/events", params={
            "source_dag_id": "news_events", "source_run_id": run_id})["asset_events"]
        reports = [r for e in events for r in e["created_dagruns"] if r["dag_id"] == "news_reports"]
        if reports:
            break
        assert time.monotonic() < deadline, f"no news_reports run from {run_id}'s asset after {RUN_TIMEOUT}s: {events}"
        time.sleep(3)
    _wait_run(airflow, "news_reports", reports[0]["run_id"], RUN_TIMEOUT)
    meta = airflow.get("/news-report/latest.json")
    assert meta["run_id"].startswith(("news_reports:", "cli:")), meta
    assert len(meta["sha256"]) == 64 and meta["bytes"] > 1000

    r = requests.get(f"{airflow.base}/news-report/", timeout=30)
    assert r.status_code == 401, "the report must need a signed-in user"
    r = airflow.s.get(f"{airflow.base}/news-report/", timeout=30)
    assert r.status_code == 200 and "Territorial claims" in r.text
    assert "default-src 'none'" in r.headers["content-security-policy"]


def test_ui_lists_dags_and_shows_report(airflow):
    with browser() as b:
        ctx = b.new_context(viewport={"width": 1400, "height": 1000})
        ctx.add_cookies([{"name": "_token", "value": airflow.token, "url": airflow.base}])
        page = ctx.new_page()
        console = Console()
        console.attach(page, http_errors=False)

        page.goto(f"{airflow.base}/dags", wait_until="domcontentloaded")
        page.get_by_text("news_events", exact=True).first.wait_for(timeout=60_000)
        page.get_by_text("news_reports", exact=True).first.wait_for(timeout=60_000)
        assert [e for e in console.errors if e.startswith("uncaught")] == [], console.errors

        # The plugin inside the UI: Browse -> News report renders /news-report/ in an iframe.
        page.goto(f"{airflow.base}/plugin/news-report", wait_until="domcontentloaded")
        page.locator("iframe").first.wait_for(timeout=60_000)
        frame = page.frame_locator("iframe").first
        frame.get_by_role("heading", name="Territorial claims").wait_for(timeout=60_000)
        assert frame.locator("svg.chart").count() >= 1
        assert frame.locator("svg.chart [data-mark]").count() > 0

        # And the page on its own: no console errors, nothing blocked.
        report = ctx.new_page()
        rc = Console()
        rc.attach(report)
        report.goto(f"{airflow.base}/news-report/", wait_until="load")
        assert rc.errors == [] and rc.failed == [], (rc.errors, rc.failed)
        assert report.locator("svg.chart").count() >= 1
        ctx.close()
