"""UI tests: the report page and the Airflow UI in a real headless Chromium.

The report tests use the `warehouse_test` database (NEWSEVENTS_TEST_URL, schemas reset)
and write a small, realistic set of claims straight into the core tables, hostile
scraped text included.
"""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest

from tests.integration.conftest import reset, test_url  # noqa: F401  (shared fixture)

HOSTILE = '<script>window.__pwned = 1; console.error("pwned")</script>"><img src=x onerror="window.__pwned=2">'


def _id(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _document(cur, key: str, published: date, text: str, lang: str) -> str:
    doc_id = _id(key)
    cur.execute("""INSERT INTO raw.documents (doc_id, content, bytes, text, encoding, is_html, published_at, url, source)
                   VALUES (%s, %s, %s, %s, 'utf-8', false, %s, %s, %s)""",
                (doc_id, text.encode(), len(text.encode()), text, published,
                 f"https://news.example/{key}", "news.example" if lang == "en" else "stiri.example"))
    cur.execute("""INSERT INTO raw.document_sources (source_path, doc_id, name, published_at)
                   VALUES (%s, %s, %s, %s)""", (f"/archive/{key}.txt", doc_id, f"{key}.txt", published))
    cur.execute("""INSERT INTO staging.documents (doc_id, title, clean_text, language, language_confidence,
                   paragraphs, removed_blocks, chars) VALUES (%s, %s, %s, %s, 0.99, 1, 0, %s)""",
                (doc_id, key, text, lang, len(text)))
    return doc_id


def _event(cur, doc_id: str, evidence: str, **f) -> None:
    fields = dict(type="air_attack", actor=None, target=None, claimed_by=None, confirmation=None,
                  date_start=None, date_end=None, country=None, admin1=None, place=None, weapon=None,
                  launched=None, destroyed=None, lost=None, killed=None, injured=None, damaged=None)
    fields.update(f)
    event_id = _id(repr(sorted(fields.items(), key=lambda kv: kv[0])) + evidence)
    cols = ", ".join(fields)
    # both tables are partitioned by the claim's month (migration 050)
    for table in ("core.events", "core.event_mentions"):
        cur.execute("SELECT ops.ensure_month_partitions(%s::regclass, ARRAY[ops.month_of(%s::date)])",
                    (table, fields["date_start"]))
    cur.execute(f"""INSERT INTO core.events (event_id, {cols}, evidence, evidence_doc_id, evidence_start, evidence_end,
                                             month)
                    VALUES (%s, {", ".join(["%s"] * len(fields))}, %s, %s, 0, %s, ops.month_of(%s::date))""",
                (event_id, *fields.values(), evidence, doc_id, len(evidence), fields["date_start"]))
    cur.execute("""INSERT INTO core.event_mentions (event_id, month, doc_id, start_offset, end_offset, evidence)
                   VALUES (%s, ops.month_of(%s::date), %s, 0, %s, %s)""",
                (event_id, fields["date_start"], doc_id, len(evidence), evidence))


def seed_claims(conn) -> None:
    """Ten nights of air attacks claimed by both sides, regional figures, strikes and
    territorial claims (one with hostile evidence)."""
    from newsevents import warehouse

    with warehouse.transaction(conn) as cur:
        start = date(2024, 10, 1)
        for i in range(10):
            day = start + timedelta(days=i)
            en = _document(cur, f"en-{i}", day + timedelta(days=1), f"Night {i}: drones over Ukraine.", "en")
            ro = _document(cur, f"ro-{i}", day + timedelta(days=1), f"Noaptea {i}: drone.", "ro")
            launched = 40 + 7 * (i % 4) + i
            _event(cur, en, f"Russia launched {launched} drones, {launched - 5 - i % 3} were shot down.",
                   actor="RU", claimed_by="UA", target="UA", country="UA", date_start=day, weapon="drone",
                   launched=launched, destroyed=launched - 5 - i % 3)
            _event(cur, ro, f"Rusia spune că a lovit {12 + i} ținte.", actor="RU", claimed_by="RU",
                   country="UA", date_start=day, weapon="drone", launched=launched + 10, destroyed=12 + i)
            _event(cur, en, f"{20 + i} Ukrainian drones destroyed over Russian regions.", actor="UA",
                   claimed_by="RU", target="RU", country="RU", date_start=day, weapon="drone",
                   destroyed=20 + i, launched=25 + i)
            _event(cur, en, f"Over Odesa region {5 + i % 3} drones were shot down.", actor="RU",
                   claimed_by="UA", country="UA", admin1="UA-51", date_start=day, weapon="drone",
                   launched=8, destroyed=5 + i % 3)
            if i % 3 == 0:
                _event(cur, en, f"A strike on Kharkiv killed {i + 1} and injured {2 * i + 3}.", type="strike",
                       actor="RU", claimed_by="UA", country="UA", admin1="UA-63", place="Kharkiv",
                       date_start=day, weapon="missile", killed=i + 1, injured=2 * i + 3)
        d0 = _document(cur, "tc-0", date(2024, 10, 6), "Territorial claims.", "en")
        _event(cur, d0, "Russia's defence ministry said its forces took Novoselivka.", type="territorial_claim",
               actor="RU", claimed_by="RU", country="UA", admin1="UA-14", place="Novoselivka",
               date_start=date(2024, 10, 5), confirmation="unverified")
        _event(cur, d0, "Kyiv denied that Krasnohorivka had fallen.", type="territorial_claim",
               actor="RU", claimed_by="UA", country="UA", admin1="UA-14", place="Krasnohorivka",
               date_start=date(2024, 10, 6), confirmation="denied")
        _event(cur, d0, HOSTILE, type="territorial_claim", actor="RU", claimed_by="RU", country="UA",
               admin1="UA-14", place='<b>Hostile</b> "village"', date_start=date(2024, 10, 7))
    warehouse.refresh_marts(conn)


@pytest.fixture
def report_conn(test_url):  # noqa: F811
    from newsevents import warehouse

    conn = warehouse.connect(test_url)
    reset(conn)
    yield conn
    conn.close()


@pytest.fixture
def seeded_conn(report_conn):
    seed_claims(report_conn)
    return report_conn
