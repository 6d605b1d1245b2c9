"""Per-source recurring lines, counted in the real warehouse: a backfill in any order
ends with the same rows, and documents cleaned before a line became frequent are
cleaned again (and carried through the run's later stages)."""
import json
from datetime import datetime, timedelta, timezone

import pytest

from newsevents import recurring, tasks, warehouse

pytestmark = pytest.mark.integration

SITE_LINE = "Portalul Exemplu este editat de Fundația Exemplu pentru o presă liberă și informată."
RARE_LINE = "Corespondentul nostru a revenit la Harkov după două săptămâni petrecute pe front."
BODIES = [
    "Forțele ruse au lansat peste noapte {n} de drone asupra regiunii Harkov, a anunțat aviația ucraineană.",
    "Apărarea antiaeriană a doborât {n} de ținte deasupra a șase regiuni, potrivit comandamentului.",
    "Autoritățile locale au raportat pagube la o stație electrică și la mai multe clădiri de locuit.",
]
DAYS = 6


def _archive(root):
    """DAYS articles of one site (same URL host), one a day; each carries the site's
    line, two of them also a line that recurs only twice."""
    for d in range(DAYS):
        day = datetime(2024, 11, 1) + timedelta(days=d)
        lines = [f"Atac cu drone în noaptea de {day:%d.%m}: bilanțul numărul {d + 1}"]
        lines += [b.format(n=20 + 7 * d + i) + f" Raportul {d}-{i}." for i, b in enumerate(BODIES)]
        lines.append(SITE_LINE)
        if d in (1, 4):
            lines.append(RARE_LINE)
        name = root / f"art_{d}.txt"
        name.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
        (root / f"art_{d}.txt.meta.json").write_text(json.dumps(
            {"published_at": f"{day:%Y-%m-%d}", "url": f"https://www.exemplu.ro/stiri/{d}"}))


def _day_window(root, d, tag):
    start = datetime(2024, 11, 1, tzinfo=timezone.utc) + timedelta(days=d)
    return tasks.RunWindow(f"{tag}-{d}", str(root), start, start + timedelta(days=1))


def _rows(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        out = cur.fetchall()
    conn.rollback()
    return out


def _counts_drift(conn) -> int:
    """(source, line) pairs whose kept count differs from the documents holding the line:
    the counts move by deltas, so this must stay 0 whatever the order of the runs."""
    return _rows(conn, """SELECT count(*) FROM staging.source_lines s
                          FULL JOIN (SELECT source, line_hash, count(*) AS n FROM staging.document_lines
                                     GROUP BY 1, 2) d USING (source, line_hash)
                          WHERE coalesce(s.docs, -1) <> coalesce(d.n, 0)""")[0][0]


def test_backfill_in_any_order_gives_the_same_rows(conn, tmp_path):
    from .conftest import reset

    _archive(tmp_path)
    for d in range(DAYS):
        tasks.run_all(conn, _day_window(tmp_path, d, "fwd"))
    forward = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES)
    # the documents cleaned before the site line reached MIN_DOCS were cleaned again
    recleaned = _rows(conn, "SELECT run_id, count(*) FROM ops.run_recleaned GROUP BY 1 ORDER BY 1")
    assert recleaned == [(f"fwd-{recurring.MIN_DOCS - 1}", recurring.MIN_DOCS - 1)]
    texts = _rows(conn, "SELECT clean_text FROM staging.documents ORDER BY doc_id")
    assert len(texts) == DAYS
    assert all(SITE_LINE not in t for (t,) in texts)
    assert sum(RARE_LINE in t for (t,) in texts) == 2       # twice is not boilerplate
    assert all(BODIES[2][:40] in t for (t,) in texts)       # article text stays
    assert _rows(conn, "SELECT docs, line FROM staging.source_lines WHERE source = 'exemplu.ro' "
                       "AND docs >= %s", (recurring.MIN_DOCS,)) == [(DAYS, SITE_LINE.casefold())]
    assert _rows(conn, "SELECT count(*) FROM staging.removed_blocks WHERE rule = 'recurring' "
                       "AND text = %s", (SITE_LINE,)) == [(DAYS,)]
    assert _rows(conn, "SELECT DISTINCT source FROM staging.documents") == [("exemplu.ro",)]
    assert all(r.ok for r in warehouse.run_checks(conn)), warehouse.run_checks(conn)
    assert _counts_drift(conn) == 0

    reset(conn)
    for d in reversed(range(DAYS)):
        tasks.run_all(conn, _day_window(tmp_path, d, "bwd"))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == forward
    assert _counts_drift(conn) == 0

    reset(conn)
    for d in (3, 0, 5, 1, 4, 2):
        tasks.run_all(conn, _day_window(tmp_path, d, "mix"))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == forward

    # one run over the whole archive, and re-running a day, change nothing either
    reset(conn)
    tasks.run_all(conn, tasks.RunWindow("all", str(tmp_path), whole_archive=True))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == forward
    tasks.run_all(conn, _day_window(tmp_path, 2, "again"))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == forward
    assert _counts_drift(conn) == 0


def test_recleaned_documents_go_through_the_later_stages(conn, tmp_path):
    """Evidence offsets of a document cleaned again point into its new text."""
    _archive(tmp_path)
    for d in range(DAYS):
        tasks.run_all(conn, _day_window(tmp_path, d, "run"))
    bad = _rows(conn, """SELECT count(*) FROM core.event_mentions m JOIN staging.documents s USING (doc_id)
                         WHERE substr(s.clean_text, m.start_offset + 1, m.end_offset - m.start_offset)
                               <> m.evidence""")
    assert bad == [(0,)]
    assert _rows(conn, "SELECT count(*) FROM core.event_mentions")[0][0] > 0
    # every recleaned document has a language and a signature from the run that recleaned it
    assert _rows(conn, """SELECT count(*) FROM ops.run_recleaned r JOIN staging.documents s USING (doc_id)
                          JOIN core.document_signatures g USING (doc_id) WHERE s.language IS NOT NULL""") \
        == [(recurring.MIN_DOCS - 1,)]


def test_mapped_clean_batches_running_together_end_as_one_run(conn, test_url, tmp_path, monkeypatch):
    """The DAG maps clean over batches that run at the same time on other connections:
    each batch learns the same counts, so the rows match one whole-archive run."""
    from concurrent.futures import ThreadPoolExecutor

    from .conftest import reset

    _archive(tmp_path)
    window = tasks.RunWindow("all", str(tmp_path), whole_archive=True)
    tasks.run_all(conn, window)
    expected = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES)
    reset(conn)
    monkeypatch.setenv("NEWSEVENTS_BATCH_DOCS", "2")
    plan = tasks.register_inputs(conn, window)["batches"]
    assert len(plan) == DAYS // 2

    def each(stage):
        def one(b):
            c = warehouse.connect(test_url)
            try:
                return getattr(tasks, stage)(c, window, batch=b)
            finally:
                c.close()
        with ThreadPoolExecutor(len(plan)) as pool:
            return list(pool.map(one, plan))

    each("ingest_inputs")
    cleaned = each("clean")
    assert sum(s["cleaned"] for s in cleaned) == DAYS
    each("detect_language")
    tasks.deduplicate(conn, window)
    each("extract")
    tasks.load(conn, window)
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == expected
    assert _counts_drift(conn) == 0
    assert _rows(conn, "SELECT count(*) FROM ops.run_recleaned") == [(0,)]  # all the run's own
