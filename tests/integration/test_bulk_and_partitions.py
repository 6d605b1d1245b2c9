"""COPY loading, mapped batches and the monthly partitions, against the real PostgreSQL."""

from __future__ import annotations

import shutil
from datetime import date

import pytest
from psycopg2.extras import Json

from newsevents import bulk, tasks, warehouse

from .conftest import SCHEMAS, reset, rows

pytestmark = pytest.mark.integration


def whole(archive, run_id="run"):
    return tasks.RunWindow(run_id, str(archive), whole_archive=True)


def test_copy_round_trips_awkward_values(conn):
    values = [
        ("tab\there, new\nline, cr\rand back\\slash", b"\x00\x01\xffbytes", ["a,b", 'q"uote', None, "back\\"],
         Json({"k": "v\t\n", "n": [1, 2.5, None], "ro": "ș"}), date(2024, 11, 1), True, 1.5, None),
        ("\\N is not null", b"", [], Json({}), None, False, -2.0, 7),
    ]
    with warehouse.transaction(conn) as cur:
        cur.execute("""CREATE TEMP TABLE t (s text, b bytea, a text[], j jsonb, d date, f boolean,
                                            r double precision, i integer)""")
        assert bulk.copy_rows(cur, "t", ("s", "b", "a", "j", "d", "f", "r", "i"), values) == 2
        cur.execute("SELECT s, b, a, j, d, f, r, i FROM t ORDER BY s DESC")
        back = cur.fetchall()
    assert back[0][0] == values[0][0] and bytes(back[0][1]) == values[0][1] and back[0][2] == values[0][2]
    assert back[0][3] == values[0][3].adapted and back[0][4:] == values[0][4:]
    assert back[1][0] == "\\N is not null" and bytes(back[1][1]) == b"" and back[1][2] == []
    assert back[1][4] is None and back[1][7] == 7


def test_copy_upsert_is_idempotent(conn):
    with warehouse.transaction(conn) as cur:
        cur.execute("CREATE TABLE ops.bulk_probe (k text PRIMARY KEY, v text, w text)")
    for _ in range(2):
        with warehouse.transaction(conn) as cur:
            bulk.upsert(cur, "ops.bulk_probe", ("k", "v", "w"), [("a", "1", "x"), ("b", "2", "y")],
                        conflict=("k",), update=("v",))
    with warehouse.transaction(conn) as cur:
        bulk.upsert(cur, "ops.bulk_probe", ("k", "v", "w"), [("a", "3", "changed")], conflict=("k",), update=("v",))
        bulk.upsert(cur, "ops.bulk_probe", ("k", "v", "w"), [("b", "9", "9")], conflict=("k",))
    assert rows(conn, "SELECT k, v, w FROM ops.bulk_probe ORDER BY k") == [("a", "3", "x"), ("b", "2", "y")]


def _run_in_batches(conn, window, order):
    """What the DAG does: discover, then each mapped stage over the plan, in any order."""
    plan = tasks.register_inputs(conn, window)["batches"]
    for name in ("ingest_inputs", "clean", "detect_language"):
        for b in order(plan):
            getattr(tasks, name)(conn, window, batch=b)
    tasks.deduplicate(conn, window)
    for b in order(plan):
        tasks.extract(conn, window, batch=b)
    tasks.load(conn, window)
    return plan


def test_mapped_batches_give_the_rows_of_one_whole_run(conn, seeds_dir, tmp_path, monkeypatch):
    archive = tmp_path / "archive"
    shutil.copytree(seeds_dir, archive)
    shutil.copy(seeds_dir / "002_d5a8e68a0df2efb6.txt", archive / "same-bytes-other-name.txt")
    (archive / "empty.txt").write_bytes(b"")
    tasks.run_all(conn, whole(archive))
    expected = warehouse.table_checksums(conn, warehouse.CONTENT_TABLES)
    counts = rows(conn, "SELECT discovered, processed, quarantined FROM ops.runs")
    reset(conn)
    monkeypatch.setenv("NEWSEVENTS_BATCH_DOCS", "2")
    plan = _run_in_batches(conn, whole(archive), order=lambda p: list(reversed(p)))
    assert len(plan) == 4 and {b["count"] for b in plan} == {4}
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == expected
    assert rows(conn, "SELECT discovered, processed, quarantined FROM ops.runs") == counts == [(7, 6, 1)]
    # a batch retried (a mapped task instance cleared with its downstream) changes nothing
    tasks.ingest_inputs(conn, whole(archive), batch=plan[1])
    tasks.clean(conn, whole(archive), batch=plan[1])
    tasks.detect_language(conn, whole(archive), batch=plan[1])
    tasks.deduplicate(conn, whole(archive))
    tasks.extract(conn, whole(archive), batch=plan[2])
    tasks.load(conn, whole(archive))
    assert warehouse.table_checksums(conn, warehouse.CONTENT_TABLES) == expected
    assert not [r for r in warehouse.run_checks(conn) if not r.ok]


def test_events_and_mentions_live_in_their_month_partition(conn, seeds_dir):
    tasks.run_all(conn, whole(seeds_dir))
    placed = rows(conn, "SELECT tableoid::regclass::text, month, date_start FROM core.events")
    assert placed
    for part, month, date_start in placed:
        assert month == (date_start.replace(day=1) if date_start else tasks.UNDATED_MONTH)
        assert part == (f"core.events_{month:%Y_%m}" if date_start else "core.events_undated")
    assert rows(conn, """SELECT count(*) FROM core.event_mentions m JOIN core.events e USING (event_id)
                         WHERE m.month <> e.month""") == [(0,)]
    assert rows(conn, "SELECT count(DISTINCT event_id) = count(*) FROM core.events") == [(True,)]
    # an undated claim goes to the undated partition; a row outside every partition is refused
    with warehouse.transaction(conn) as cur:
        cur.execute("SELECT ops.ensure_month_partitions('core.events', ARRAY[NULL::date, '2031-05-17'])")
        assert cur.fetchone()[0] >= 1
        cur.execute("""INSERT INTO core.events (event_id, type, evidence, evidence_doc_id, evidence_start,
                                                evidence_end, month, date_start)
                       VALUES ('u', 'strike', 'e', 'd', 0, 1, ops.month_of(NULL), NULL),
                              ('f', 'strike', 'e', 'd', 0, 1, ops.month_of('2031-05-17'), '2031-05-17')
                       RETURNING tableoid::regclass::text""")
        assert sorted(r[0] for r in cur.fetchall()) == ["core.events_2031_05", "core.events_undated"]
        cur.execute("SAVEPOINT s")
        with pytest.raises(Exception, match="no partition"):
            cur.execute("""INSERT INTO core.events (event_id, type, evidence, evidence_doc_id, evidence_start,
                                                    evidence_end, month, date_start)
                           VALUES ('x', 'strike', 'e', 'd', 0, 1, '2044-01-01', '2044-01-09')""")
        cur.execute("ROLLBACK TO SAVEPOINT s")
        with pytest.raises(Exception, match="events_month_check"):
            cur.execute("""INSERT INTO core.events (event_id, type, evidence, evidence_doc_id, evidence_start,
                                                    evidence_end, month, date_start)
                           VALUES ('y', 'strike', 'e', 'd', 0, 1, '2031-05-01', '2031-06-02')""")
        conn.rollback()


def test_partition_migration_converts_an_existing_warehouse(conn, tmp_path):
    """A warehouse built before migration 050 keeps every claim and mention, now partitioned."""
    with warehouse.transaction(conn) as cur:
        for s in SCHEMAS:
            cur.execute(f"DROP SCHEMA IF EXISTS {s} CASCADE")
    old = tmp_path / "sql"
    (old / "migrations").mkdir(parents=True)
    (old / "marts").mkdir()
    for m in warehouse.migrations():
        if m.version < "050":
            shutil.copy(m.path, old / "migrations" / m.path.name)
    warehouse.migrate(conn, old)
    doc = "a" * 64
    with warehouse.transaction(conn) as cur:
        cur.execute("""INSERT INTO raw.documents (doc_id, content, bytes, text, encoding, is_html)
                       VALUES (%s, 'x', 1, 'x', 'utf-8', false)""", (doc,))
        cur.execute("""INSERT INTO staging.documents (doc_id, clean_text, paragraphs, removed_blocks, chars)
                       VALUES (%s, 'Drones. Strike.', 1, 0, 15)""", (doc,))
        cur.execute("""INSERT INTO core.events (event_id, type, date_start, destroyed, evidence, evidence_doc_id,
                                                evidence_start, evidence_end)
                       VALUES ('e1', 'air_attack', '2024-11-01', 5, 'Drones.', %s, 0, 7),
                              ('e2', 'strike', NULL, NULL, 'Strike.', %s, 8, 15)""", (doc, doc))
        cur.execute("""INSERT INTO core.event_mentions (event_id, doc_id, start_offset, end_offset, evidence)
                       VALUES ('e1', %s, 0, 7, 'Drones.'), ('e2', %s, 8, 15, 'Strike.')""", (doc, doc))
    before = rows(conn, "SELECT event_id, type, date_start, destroyed FROM core.events ORDER BY 1")
    applied = warehouse.migrate(conn)
    assert "050_partition_events_by_month" in applied
    assert rows(conn, "SELECT event_id, type, date_start, destroyed FROM core.events ORDER BY 1") == before
    assert rows(conn, "SELECT event_id, month, tableoid::regclass::text FROM core.event_mentions ORDER BY 1") == [
        ("e1", date(2024, 11, 1), "core.event_mentions_2024_11"),
        ("e2", tasks.UNDATED_MONTH, "core.event_mentions_undated")]
    assert rows(conn, "SELECT count(*) FROM mart.events") == [(2,)]
    # running the migration's SQL again (by hand, on a converted warehouse) changes nothing
    sums = warehouse.table_checksums(conn, ["core.events", "core.event_mentions"])
    sql = next(m for m in warehouse.migrations() if m.version.startswith("050")).sql
    with warehouse.transaction(conn) as cur:
        cur.execute(sql)
    assert warehouse.table_checksums(conn, ["core.events", "core.event_mentions"]) == sums
    assert warehouse.migrate(conn) == []


def test_a_claim_the_warehouse_refuses_is_quarantined_not_fatal(conn, seeds_dir):
    """A misdated sidecar can make a claim end before it starts: the load quarantines that
    document's claim with its reason and loads every other claim."""
    window = whole(seeds_dir)
    for stage in ("discover", "clean", "detect_language", "deduplicate", "extract"):
        getattr(tasks, stage)(conn, window)
    (doc, idx, event), = rows(conn, """SELECT doc_id, idx, event FROM staging.event_candidates
                                       ORDER BY doc_id, idx LIMIT 1""")
    event.update(date_start="2024-01-01", date_end="2022-02-24", event_id="impossible")
    with warehouse.transaction(conn) as cur:
        cur.execute("UPDATE staging.event_candidates SET event = %s, event_id = 'impossible' "
                    "WHERE doc_id = %s AND idx = %s", (Json(event), doc, idx))
    result = tasks.load(conn, window)
    assert result["refused"] == 1 and result["events"] > 5
    assert rows(conn, "SELECT stage, reason, detail FROM ops.quarantine") == [
        ("load", "InvalidClaim", "date_end 2022-02-24 before date_start 2024-01-01")]
    assert rows(conn, "SELECT count(*) FROM core.events WHERE event_id = 'impossible'") == [(0,)]
    assert rows(conn, "SELECT quarantined FROM ops.runs") == [(1,)]
