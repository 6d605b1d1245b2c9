"""PostgreSQL access: connections, migrations, reporting views and data checks.

SQL lives in the repository's ``sql/`` folder: ``migrations/`` (applied once each, in
order, recorded with a checksum), ``marts/`` (reporting views, recreated on every
migrate) and ``checks/`` (queries that return offending rows; zero rows is a pass).
"""

from __future__ import annotations

import hashlib
import os
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psycopg2
import psycopg2.extras

MIGRATION_LOCK = 7_345_001  # pg_advisory_xact_lock key shared by every migrate


def sql_dir() -> Path:
    env = os.environ.get("NEWSEVENTS_SQL_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        if (parent / "sql" / "migrations").is_dir():
            return parent / "sql"
    raise FileNotFoundError("sql/ folder not found; set NEWSEVENTS_SQL_DIR")


def warehouse_url(url: str | None = None) -> str:
    url = url or os.environ.get("WAREHOUSE_URL") or os.environ.get("AIRFLOW_CONN_WAREHOUSE")
    if not url:
        raise RuntimeError("no warehouse: set WAREHOUSE_URL (or AIRFLOW_CONN_WAREHOUSE), "
                           "or run `scripts/pg.sh start` and `source scripts/env.sh`")
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    return url


def connect(url: str | None = None):
    conn = psycopg2.connect(warehouse_url(url), application_name="newsevents")
    conn.autocommit = False
    return conn


@contextmanager
def transaction(conn) -> Iterator:
    """Commit on success, roll back on any error."""
    try:
        with conn.cursor() as cur:
            yield cur
        conn.commit()
    except BaseException:
        conn.rollback()
        raise


def lock_documents(cur, ids: list[str]) -> None:
    """Serialise concurrent runs that touch the same documents: transaction-scoped
    advisory locks, always taken in doc_id order so two runs can never deadlock."""
    cur.execute("SELECT pg_advisory_xact_lock(hashtextextended(d, 0)) "
                "FROM unnest(%s::text[]) AS d ORDER BY d", (sorted(ids),))


@dataclass(frozen=True)
class Migration:
    version: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode("utf-8")).hexdigest()


def migrations(folder: Path | None = None) -> list[Migration]:
    folder = (folder or sql_dir()) / "migrations"
    return [Migration(p.stem, p) for p in sorted(folder.glob("*.sql"))]


def migrate(conn, folder: Path | None = None) -> list[str]:
    """Apply pending migrations, then recreate the reporting views. Safe to rerun and
    safe to run concurrently (an advisory lock serialises it). Returns what was applied."""
    root = folder or sql_dir()
    applied: list[str] = []
    with transaction(conn) as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        cur.execute("CREATE SCHEMA IF NOT EXISTS ops")
        cur.execute("""CREATE TABLE IF NOT EXISTS ops.schema_migrations (
                           version text PRIMARY KEY, checksum text NOT NULL)""")
        cur.execute("SELECT version, checksum FROM ops.schema_migrations")
        done = dict(cur.fetchall())
        for m in migrations(root):
            if m.version in done:
                if done[m.version] != m.checksum:
                    raise RuntimeError(f"migration {m.version} was edited after it was applied; "
                                       "add a new migration instead")
                continue
            cur.execute(m.sql)
            cur.execute("INSERT INTO ops.schema_migrations (version, checksum) VALUES (%s, %s)",
                        (m.version, m.checksum))
            applied.append(m.version)
        # Views are rebuilt from scratch, inside the same transaction: readers never see
        # a missing view, and a changed column list needs no hand-written DROP.
        cur.execute("DROP SCHEMA IF EXISTS mart CASCADE")
        cur.execute("CREATE SCHEMA mart")
        for view in sorted((root / "marts").glob("*.sql")):
            cur.execute(view.read_text(encoding="utf-8"))
    return applied


def refresh_marts(conn) -> list[str]:
    """Refresh every materialized view in ``mart`` (concurrently once populated, so
    readers are never blocked). Returns the views refreshed."""
    done = []
    with transaction(conn) as cur:
        cur.execute("""SELECT matviewname, ispopulated FROM pg_matviews
                       WHERE schemaname = 'mart' ORDER BY matviewname""")
        views = cur.fetchall()
    conn.autocommit = True  # REFRESH ... CONCURRENTLY cannot run inside a transaction block
    try:
        with conn.cursor() as cur:
            for name, populated in views:
                mode = "CONCURRENTLY " if populated else ""
                cur.execute(f'REFRESH MATERIALIZED VIEW {mode}mart."{name}"')
                done.append(name)
    finally:
        conn.autocommit = False
    return done


@dataclass(frozen=True)
class CheckResult:
    name: str
    failures: int
    sample: list

    @property
    def ok(self) -> bool:
        return self.failures == 0


def run_checks(conn, folder: Path | None = None) -> list[CheckResult]:
    """Run every ``sql/checks/*.sql``; each returns the rows that break its rule."""
    results = []
    root = folder or sql_dir()
    with transaction(conn) as cur:
        for path in sorted((root / "checks").glob("*.sql")):
            cur.execute(path.read_text(encoding="utf-8"))
            rows = cur.fetchall()
            results.append(CheckResult(path.stem, len(rows), [list(r) for r in rows[:5]]))
    return results


def fetch_dicts(conn, query: str, params=None) -> list[dict]:
    with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
        cur.execute(query, params)
        return [dict(r) for r in cur.fetchall()]


def table_checksums(conn, tables: list[str]) -> dict[str, str]:
    """An order-independent digest of each table's rows: equal digests, equal tables."""
    out = {}
    with conn.cursor() as cur:
        for t in tables:
            cur.execute(f"SELECT count(*), coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') "
                        f"FROM {t} x")  # table names come from code, never from input
            n, digest = cur.fetchone()
            out[t] = f"{n}:{digest}"
    conn.rollback()
    return out


CONTENT_TABLES = [
    "raw.documents", "raw.document_sources", "staging.documents", "staging.paragraphs",
    "staging.removed_blocks", "staging.document_lines", "staging.source_lines",
    "staging.event_candidates", "core.document_signatures", "core.signature_bands",
    "core.document_pairs", "core.document_stories", "core.events", "core.event_mentions",
    "ops.quarantine",
]
