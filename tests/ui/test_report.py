"""The analyst report: rendered from the marts of a test warehouse, stored idempotently,
escaped, and loaded in headless Chromium with no console errors and drawn charts."""

from __future__ import annotations

import re

import pytest

from tests.ui.browser import Console, browser
from tests.ui.conftest import HOSTILE

pytestmark = [pytest.mark.integration]


def test_report_renders_every_section(seeded_conn):
    from newsevents import report

    page = report.render(report.collect(seeded_conn))
    for heading in ("Air attacks: launched and destroyed by side", "Claims vs counter-claims",
                    "Territorial claims", "Region breakdown", "Strikes per region"):
        assert heading in page
    assert page.count('<svg class="chart"') == 3
    assert "Novoselivka" in page and "Krasnohorivka" in page
    assert "Odesa (UA-51)" in page and "Kharkiv (UA-63)" in page
    assert "RU: launched" in page and "UA: destroyed" in page
    # self-contained: nothing to fetch, nothing to run
    assert "<script" not in page.lower()
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)


def test_hostile_evidence_is_escaped(seeded_conn):
    from newsevents import report

    page = report.render(report.collect(seeded_conn))
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "&lt;script&gt;window.__pwned = 1;" in page
    assert "&lt;b&gt;Hostile&lt;/b&gt; &quot;village&quot;" in page
    assert report.esc(HOSTILE) == report.esc(HOSTILE)  # pure
    assert "onerror=&quot;" in report.esc(HOSTILE)


def test_empty_warehouse_shows_empty_states(report_conn):
    from newsevents import report

    page = report.render(report.collect(report_conn))
    assert page.count('class="empty"') >= 5
    assert '<svg class="chart"' not in page


def test_store_is_idempotent_and_latest_wins(seeded_conn):
    from newsevents import report

    page, first = report.build(seeded_conn, run_id="run-1")
    assert first["stored"] and first["sha256"] == report.content_hash(page)
    again_page, again = report.build(seeded_conn, run_id="run-2")
    assert again_page == page and not again["stored"]
    with seeded_conn.cursor() as cur:
        cur.execute("SELECT count(*), max(run_id) FROM ops.reports")
        assert cur.fetchone() == (1, "run-1")
    seeded_conn.rollback()
    # new data -> a new latest report; the same data again -> nothing new
    with seeded_conn.cursor() as cur:
        cur.execute("UPDATE core.events SET launched = launched + 1 WHERE launched IS NOT NULL")
    seeded_conn.commit()
    from newsevents import warehouse
    warehouse.refresh_marts(seeded_conn)
    _, changed = report.build(seeded_conn, run_id="run-3")
    assert changed["stored"] and changed["sha256"] != first["sha256"]
    assert report.latest(seeded_conn)["run_id"] == "run-3"
    assert not report.build(seeded_conn, run_id="run-4")[1]["stored"]


def test_cli_report_writes_and_stores(seeded_conn, test_url, tmp_path):
    pytest.importorskip("newsevents.pipeline", reason="newsevents.cli needs newsevents.pipeline",
                        exc_type=ImportError)
    from newsevents import cli, report

    out = tmp_path / "r" / "news-report.html"
    assert cli.main(["report", "--url", test_url, "--out", str(out)]) == 0
    stored = report.latest(seeded_conn)
    assert stored and out.read_text(encoding="utf-8") == stored["html"]


def test_report_in_headless_chromium(seeded_conn, tmp_path):
    from newsevents import report

    page_html, _ = report.build(seeded_conn, run_id="browser")
    path = tmp_path / "report.html"
    path.write_text(page_html, encoding="utf-8")
    with browser() as b:
        page = b.new_page(viewport={"width": 1280, "height": 900})
        console = Console()
        console.attach(page)
        page.goto(path.as_uri(), wait_until="load")
        assert console.errors == [], console.errors
        assert console.failed == [], console.failed
        charts = page.eval_on_selector_all(
            "svg.chart", """els => els.map(s => { const r = s.getBoundingClientRect();
                 return {w: r.width, h: r.height, marks: s.querySelectorAll('[data-mark]').length,
                         drawn: [...s.querySelectorAll('[data-mark]')].filter(m => {
                             const b = m.getBoundingClientRect(); return b.width > 0 && b.height > 0; }).length}; })""")
        assert len(charts) == 3, charts
        for c in charts:
            assert c["w"] > 300 and c["h"] > 50, c
            assert c["marks"] > 0 and c["drawn"] == c["marks"], c
        assert page.evaluate("window.__pwned") is None
        assert page.locator("img").count() == 0
        cell = page.locator("table.territorial tbody tr").first.locator("td").last.inner_text()
        assert "<script>window.__pwned = 1;" in cell  # shown as text, not run
