"""Incremental deduplication against the real PostgreSQL: the stories do not depend on
the order documents arrive in (a backfill run backwards gives the same rows), copies
join their story (the next day's republication too), templated reports with other
facts stay apart on the same and the next day, and repeated paragraphs are flagged
inside a document and across a story."""

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
    """Four days: a report, its republished copies (one undated, one the next day by
    another outlet), a live blog repeating a paragraph, the same day's template with
    other numbers, next day's template with other numbers, and two days later the same
    template with another region plus its copy."""
    day1 = REPORT.format(n=15, k=13, region="Kursk")
    live = day1 + "\n" + day1.split("\n")[1]
    files = {
        "a_report.txt": (day1, DAY),
        "b_copy.txt": ("UPDATE: drones downed overnight\n" + day1.replace("Telegram", "Telegarm") + "\nShare this article", DAY),
        "c_copy_undated.txt": (day1.split("\n", 1)[1], None),
        "d_live.txt": (live, DAY),
        "e_template_same_day.txt": (REPORT.format(n=36, k=20, region="Kursk"), DAY),
        "f_template_next_day.txt": (REPORT.format(n=41, k=25, region="Kursk").rsplit("\n", 1)[0], DAY + timedelta(days=1)),
        "f_republished_next_day.txt": ("Reuters\n" + day1.rsplit("\n", 1)[0] + "\nRead more: live updates", DAY + timedelta(days=1)),
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
    assert s["a_report.txt"] == s["b_copy.txt"] == s["c_copy_undated.txt"] == s["d_live.txt"] \
        == s["f_republished_next_day.txt"]
    assert s["e_template_same_day.txt"] != s["a_report.txt"]
    assert s["f_template_next_day.txt"] not in (s["a_report.txt"], s["e_template_same_day.txt"])
    assert s["g_template_place.txt"] == s["h_copy_place.txt"] not in (s["a_report.txt"], s["f_template_next_day.txt"])
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


def test_a_document_signed_again_keeps_no_stale_band_rows(conn, tmp_path):
    """When a document's clean text changes (a new cleaner) and it is deduplicated
    again, its old band rows go: the index holds exactly its current keys."""
    from newsevents import dedup
    from newsevents.dedup import store
    root = archive(tmp_path / "archive")
    window = tasks.RunWindow("all", str(root), whole_archive=True)
    tasks.run_all(conn, window)
    with conn.cursor() as cur:
        cur.execute("""SELECT s.doc_id, s.clean_text FROM staging.documents s JOIN raw.document_sources r USING (doc_id)
                       WHERE r.source_path LIKE '%%g_template_place.txt'""")
        doc_id, text = cur.fetchone()
        cur.execute("UPDATE staging.documents SET clean_text = %s WHERE doc_id = %s",
                    (text.replace("Pokrovsk", "Kupiansk") + "\nA new closing line from a better cleaner.", doc_id))
    conn.commit()
    tasks.deduplicate(conn, window)
    with conn.cursor() as cur:
        cur.execute("SELECT clean_text, d.published_at FROM staging.documents JOIN raw.documents d USING (doc_id) "
                    "WHERE doc_id = %s", (doc_id,))
        new_text, published = cur.fetchone()
        cur.execute("SELECT band FROM core.signature_bands WHERE sig_id = %s ORDER BY band", (store.sig_id(doc_id),))
        stored = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT count(*) FROM core.signature_bands b WHERE NOT EXISTS "
                    "(SELECT 1 FROM core.document_signatures s WHERE s.sig_id = b.sig_id)")
        orphans = cur.fetchone()[0]
    conn.rollback()
    assert stored == sorted(set(dedup.document(doc_id, new_text, published=published).bands.tolist()))
    assert orphans == 0
