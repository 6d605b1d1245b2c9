"""The news-events report inside the Airflow UI.

A FastAPI app mounted on the api-server at ``/news-report`` serves the latest report the
``news_reports`` DAG (or ``newsevents report``) stored in the warehouse table
``ops.reports``, so it does not matter which machine rendered it. An external view puts it
in the UI's Browse menu, rendered inside the UI at ``/plugin/news-report``.

    GET /news-report/             the latest report (HTML); 404 page until one exists
    GET /news-report/latest.json  its name, sha256, run_id, generation and size

Only signed-in users see it: the UI's session cookie or an ``Authorization: Bearer``
token from ``POST /auth/token``, checked by Airflow's own auth manager.
"""

from __future__ import annotations

import logging
import os

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse

from airflow.plugins_manager import AirflowPlugin

log = logging.getLogger(__name__)
URL_PREFIX = "/news-report"
WAREHOUSE_CONN_ID = "warehouse"
# The page itself carries the same policy as a <meta>; the header covers the 404 page too.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
HEADERS = {"Content-Security-Policy": CSP, "X-Content-Type-Options": "nosniff",
           "Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}


async def signed_in(request: Request):
    """Airflow's own authentication: a Bearer token wins, else the UI session cookie."""
    from airflow.api_fastapi.app import get_auth_manager
    from airflow.api_fastapi.auth.managers.base_auth_manager import COOKIE_NAME_JWT_TOKEN

    header = request.headers.get("authorization", "")
    token = header[7:].strip() if header.lower().startswith("bearer ") else request.cookies.get(COOKIE_NAME_JWT_TOKEN)
    if not token:
        raise HTTPException(status_code=401, detail="Not authenticated: sign in to Airflow first")
    try:
        return await get_auth_manager().get_user_from_token(token)
    except Exception as exc:  # expired or invalid token
        raise HTTPException(status_code=401, detail=f"Not authenticated: {type(exc).__name__}") from None


def _warehouse_uri() -> str:
    url = os.environ.get("AIRFLOW_CONN_WAREHOUSE") or os.environ.get("WAREHOUSE_URL")
    if url and "://" in url:
        return url
    from airflow.models.connection import Connection

    return Connection.get_connection_from_secrets(WAREHOUSE_CONN_ID).get_uri()


def _latest() -> dict | None:
    from newsevents import report, warehouse

    conn = warehouse.connect(_warehouse_uri())
    try:
        return report.latest(conn)
    finally:
        conn.close()


EMPTY_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>news-events report</title>
<style>body{font:14px system-ui,sans-serif;margin:32px;color:#333}</style></head><body>
<h1>No report yet</h1><p>The <code>news_reports</code> DAG writes the report after each
<code>news_events</code> load (or run <code>make report</code>).</p></body></html>"""

app = FastAPI(title="news-events report", dependencies=[Depends(signed_in)],
              docs_url=None, redoc_url=None, openapi_url=None)


@app.get("/", response_class=HTMLResponse)
def latest_report() -> HTMLResponse:
    try:
        row = _latest()
    except Exception as exc:  # noqa: BLE001 - the warehouse may be down or not migrated yet
        log.warning("news report: cannot read ops.reports: %s", exc)
        return HTMLResponse(EMPTY_PAGE.replace("No report yet", "Report unavailable"), status_code=503,
                            headers=HEADERS)
    if row is None:
        return HTMLResponse(EMPTY_PAGE, status_code=404, headers=HEADERS)
    return HTMLResponse(row["html"], headers={**HEADERS, "ETag": f'"{row["sha256"]}"'})


@app.get("/latest.json")
def latest_meta() -> JSONResponse:
    row = _latest()
    if row is None:
        raise HTTPException(status_code=404, detail="no report stored yet")
    return JSONResponse({k: row[k] for k in ("name", "sha256", "run_id", "generation", "bytes")})


class NewsReportPlugin(AirflowPlugin):
    name = "news_report"
    fastapi_apps = [{"app": app, "url_prefix": URL_PREFIX, "name": "news-events report"}]
    external_views = [{
        "name": "News report",
        "href": f"{URL_PREFIX}/",
        "destination": "nav",
        "category": "browse",
        "url_route": "news-report",
    }]
