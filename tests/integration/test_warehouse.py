import shutil
from datetime import datetime, timezone

import pytest

from newsevents import tasks, warehouse

pytestmark = pytest.mark.integration


def window(path, run_id="r1", **kw):
    return tasks.RunWindow(run_id, str(path), whole_archive=not kw, **kw)


def count(conn, sql, params=None):
    with conn.cursor() as cur:
        cur.execute(sql, params)
        n = cur.fetchone()[0]
    conn.rollback()
    return n


def test_migrate_is_rerunnable(conn):
    assert warehouse.migrate(conn) == []
    assert warehouse.migrate(conn) == []
    assert count(conn, "SELECT count(*) FROM ops.schema_migrations") >= 1


def test_seeds_end_to_end_and_idempotent(conn, seeds_dir):
    first = tasks.run_all(conn, window(seeds_dir))
    assert first["discover"]["stored"] == 5
    assert count(conn, "SELECT count(*) FROM staging.documents") == 5
    assert count(conn, "SELECT count(*) FROM core.events WHERE type = 'air_attack'") >= 5
    assert count(conn, "SELECT count(*) FROM staging.removed_blocks") > 0
    assert all(r.ok for r in warehouse.run_checks(conn)), warehouse.run_checks(conn)
    before = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES)
    tasks.run_all(conn, window(seeds_dir))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == before
    # a second run id over the same files changes no content row either
    tasks.run_all(conn, window(seeds_dir, run_id="r2"))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == before


def test_order_of_arrival_does_not_matter(conn, seeds_dir, tmp_path, test_url):
    """Loading the archive in two halves, forwards or backwards, gives the same rows."""
    halves = [tmp_path / "a", tmp_path / "b"]
    for h in halves:
        h.mkdir()
    for i, f in enumerate(sorted(seeds_dir.glob("*.txt"))):
        for src in (f, f.with_name(f.name + ".meta.json")):
            shutil.copy(src, halves[i % 2] / src.name)
    tasks.run_all(conn, window(halves[0], "a"))
    tasks.run_all(conn, window(halves[1], "b"))
    forward = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES[2:])
    from .conftest import reset
    reset(conn)
    tasks.run_all(conn, window(halves[1], "b"))
    tasks.run_all(conn, window(halves[0], "a"))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES[2:]) == forward


def test_bad_inputs_are_quarantined_and_batch_completes(conn, seeds_dir, tmp_path):
    for f in seeds_dir.iterdir():
        shutil.copy(f, tmp_path / f.name)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "zip.txt").write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    (tmp_path / "copy.txt").write_bytes((seeds_dir / "002_d5a8e68a0df2efb6.txt").read_bytes())
    result = tasks.run_all(conn, window(tmp_path))
    assert result["discover"]["quarantined"] == 2
    assert count(conn, "SELECT count(*) FROM ops.quarantine") == 2
    assert count(conn, "SELECT count(*) FROM raw.documents") == 5           # copy.txt is the same document
    assert count(conn, "SELECT count(*) FROM raw.document_sources") == 6
    assert count(conn, "SELECT discovered FROM ops.runs") == 8


def test_interval_selects_only_its_documents(conn, seeds_dir):
    day = tasks.RunWindow("d", str(seeds_dir), datetime(2024, 11, 1, tzinfo=timezone.utc),
                          datetime(2024, 11, 2, tzinfo=timezone.utc))
    tasks.run_all(conn, day)
    assert count(conn, "SELECT count(*) FROM raw.run_inputs") == 1
    assert count(conn, "SELECT count(*) FROM raw.documents WHERE published_at = '2024-11-01'") == 1


def test_reporting_role_reads_marts_only(conn, seeds_dir, test_url):
    import os
    import psycopg2
    tasks.run_all(conn, window(seeds_dir))
    reader = os.environ.get("NEWSEVENTS_READER_URL")
    if not reader:
        pytest.skip("NEWSEVENTS_READER_URL is not set")
    # the reader role is granted on the test database's marts by migrate
    r = psycopg2.connect(reader.rsplit("/", 1)[0] + "/" + test_url.rsplit("/", 1)[1])
    with r.cursor() as cur:
        cur.execute("SELECT count(*) FROM mart.events")
        assert cur.fetchone()[0] > 0
    r.rollback()
    with r.cursor() as cur, pytest.raises(psycopg2.errors.InsufficientPrivilege):
        cur.execute("SELECT count(*) FROM core.events")
    r.close()


def test_one_claim_in_two_outlets_is_one_event_with_a_mention_each(conn, tmp_path):
    """The same wire story in two outlets (different headlines and surroundings, so two
    documents, not duplicates) is one core.events row with a mention from each."""
    story = ("Russia's defence ministry said its air defences had destroyed 41 Ukrainian drones overnight, "
             "including 17 over the Belgorod region.")
    texts = {"outlet_a.txt": "Drones downed over Belgorod\n" + story + "\nThe city council met to discuss schools.",
             "outlet_b.txt": "Overnight attack\nWeather: cold and dry across the region, forecasters said.\n" + story}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (tmp_path / (name + ".meta.json")).write_text('{"published_at": "2025-03-15"}', encoding="utf-8")
    tasks.run_all(conn, window(tmp_path))
    rows = warehouse.fetch_dicts(conn, """
        SELECT e.event_id, e.admin1, count(DISTINCT m.doc_id) AS docs, count(*) AS mentions
        FROM core.events e JOIN core.event_mentions m USING (event_id)
        WHERE e.type = 'air_attack' GROUP BY 1, 2 ORDER BY 2 NULLS FIRST""")
    assert [(r["admin1"], r["docs"], r["mentions"]) for r in rows] == [(None, 2, 2), ("RU-BEL", 2, 2)]


def test_breakdowns_that_do_not_add_up_are_surfaced(conn, tmp_path):
    """mart.air_attack_breakdowns: a total whose regional figures sum above it (a mistake
    in the source) is listed as such, next to one that adds up and one that is partial."""
    texts = {
        "above.txt": "Russia's defence ministry said it destroyed 20 Ukrainian drones overnight: 15 over the Kursk "
                     "region and 9 over the Bryansk region.",
        "adds_up.txt": "Russia's defence ministry said it destroyed 30 Ukrainian drones overnight: 18 over the "
                       "Belgorod region and 12 over the Voronezh region.",
        "partial.txt": "Russia's defence ministry said it destroyed 40 Ukrainian drones overnight, including 22 "
                       "over the Oryol region.",
    }
    for name, text in texts.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        (tmp_path / (name + ".meta.json")).write_text('{"published_at": "2025-03-15"}', encoding="utf-8")
    tasks.run_all(conn, window(tmp_path))
    rows = warehouse.fetch_dicts(conn, "SELECT total, parts, parts_sum, status FROM mart.air_attack_breakdowns "
                                       "ORDER BY total")
    assert [(r["total"], r["parts"], r["parts_sum"], r["status"]) for r in rows] == \
        [(20, 2, 24, "above_total"), (30, 2, 30, "adds_up"), (40, 1, 22, "partial")]
