"""Incremental deduplication against the real PostgreSQL: the stories do not depend on
the order documents arrive in (a backfill run backwards gives the same rows), copies
join their story, templated reports and other days' reports stay apart, and repeated
paragraphs are flagged inside a document and across a story."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

import pytest

from newsevents import tasks, warehouse

from .conftest import reset

pytestmark = pytest.mark.integration

REPORT = ("Russia's air defence systems destroyed {n} Ukrainian drones overnight, the defence ministry said.\n"
          "{k} of the drones were downed over the Black Sea and the rest over the {region} and Belgorod regions, "
          "it said in a post on its Telegram messaging channel, adding that there were no casualties.\n"
          "Ukraine's air force said it had launched a counter-offensive against the Pokrovsk area, where "
          "fighting continued for a third day, and that civilians had been evacuated from several villages.\n"
          "Local officials said power lines had been damaged and repair crews were working through the night "
          "to restore electricity to thousands of homes in the region before the cold weather arrives.")
DAY = date(2024, 12, 15)
TABLES = ["core.document_signatures", "core.signature_bands", "core.document_pairs",
          "core.document_stories", "staging.paragraphs"]


def archive(root):
    """Three days: a report, its republished copies (one undated), a live blog repeating
    a paragraph, the same day's template with other numbers, next day's same template."""
    day1 = REPORT.format(n=15, k=13, region="Kursk")
    live = day1 + "\n" + day1.split("\n")[1]
    files = {
        "a_report.txt": (day1, DAY),
        "b_copy.txt": ("UPDATE: drones downed overnight\n" + day1.replace("Telegram", "Telegarm") + "\nShare this article", DAY),
        "c_copy_undated.txt": (day1.split("\n", 1)[1], None),
        "d_live.txt": (live, DAY),
        "e_template_same_day.txt": (REPORT.format(n=36, k=20, region="Kursk"), DAY),
        "f_template_next_day.txt": (REPORT.format(n=15, k=13, region="Kursk").rsplit("\n", 1)[0], DAY + timedelta(days=1)),
        "g_template_place.txt": (REPORT.format(n=15, k=13, region="Bryansk"), DAY + timedelta(days=2)),
        "h_copy_place.txt": ("Breaking\n" + REPORT.format(n=15, k=13, region="Bryansk"), DAY + timedelta(days=2)),
    }
    root.mkdir(parents=True, exist_ok=True)
    for name, (text, day) in files.items():
        (root / name).write_text(text + "\n", encoding="utf-8")
        if day:
            (root / (name + ".meta.json")).write_text(json.dumps({"published_at": day.isoformat()}))
    return root


def day_window(root, day, run_id):
    start = datetime.combine(day, datetime.min.time(), timezone.utc)
    return tasks.RunWindow(run_id, str(root), start, start + timedelta(days=1))


def stories(conn) -> dict[str, str]:
    with conn.cursor() as cur:
        cur.execute("""SELECT regexp_replace(src.source_path, '^.*/', ''), st.story_id
                       FROM core.document_stories st JOIN raw.document_sources src USING (doc_id)""")
        out = dict(cur.fetchall())
    conn.rollback()
    return out


def load_days(conn, root, days):
    for d in days:
        tasks.run_all(conn, day_window(root, d, f"day:{d}"))
    # undated inputs belong to no daily window: the whole-archive run takes them
    tasks.run_all(conn, tasks.RunWindow("all", str(root), whole_archive=True))


def test_backfill_backwards_gives_the_same_stories(conn, tmp_path):
    root = archive(tmp_path / "archive")
    days = [DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)]
    load_days(conn, root, days)
    forward = warehouse.table_checksums(conn, TABLES)
    s = stories(conn)
    assert s["a_report.txt"] == s["b_copy.txt"] == s["c_copy_undated.txt"] == s["d_live.txt"]
    assert s["e_template_same_day.txt"] != s["a_report.txt"]
    assert s["f_template_next_day.txt"] != s["a_report.txt"]
    assert s["g_template_place.txt"] == s["h_copy_place.txt"] != s["f_template_next_day.txt"]
    assert all(r.ok for r in warehouse.run_checks(conn))

    reset(conn)
    # backwards, and the whole-archive run first: every document arrives in another order
    tasks.run_all(conn, tasks.RunWindow("all", str(root), whole_archive=True))
    load_days(conn, root, list(reversed(days)))
    assert warehouse.table_checksums(conn, TABLES) == forward
    assert stories(conn) == s


def test_rerun_changes_nothing_and_conflicts_are_recorded(conn, tmp_path):
    root = archive(tmp_path / "archive")
    window = tasks.RunWindow("all", str(root), whole_archive=True)
    tasks.run_all(conn, window)
    before = warehouse.table_checksums(conn, TABLES)
    tasks.deduplicate(conn, window)
    assert warehouse.table_checksums(conn, TABLES) == before
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM core.document_pairs WHERE NOT duplicate AND method = 'facts'")
        assert cur.fetchone()[0] >= 1
        cur.execute("""SELECT count(*) FROM staging.paragraphs p JOIN raw.document_sources s USING (doc_id)
                       WHERE s.source_path LIKE '%%d_live.txt' AND p.repeat_of IS NOT NULL""")
        assert cur.fetchone()[0] == 1
        # the copies' paragraphs restate the canonical report's: flagged across documents
        cur.execute("""SELECT count(*) FROM staging.paragraphs p JOIN raw.document_sources s USING (doc_id)
                       WHERE s.source_path LIKE '%%b_copy.txt' AND p.repeat_doc_id IS NOT NULL""")
        assert cur.fetchone()[0] >= 3
    conn.rollback()


def test_candidate_lookup_uses_the_band_index(conn, tmp_path):
    root = archive(tmp_path / "archive")
    tasks.run_all(conn, tasks.RunWindow("all", str(root), whole_archive=True))
    with conn.cursor() as cur:
        cur.execute("SET enable_seqscan = off")
        cur.execute("""EXPLAIN SELECT sig_id FROM core.signature_bands
                       WHERE band = 12345 AND day = DATE '2024-12-15'""")
        plan = " ".join(r[0] for r in cur.fetchall())
    conn.rollback()
    assert "signature_bands_lookup_idx" in plan
