"""Integration tests run against the real PostgreSQL that `make test` starts
(scripts/pg.sh); no database is ever mocked. They use the `warehouse_test` database
and reset its schemas for each test."""

from __future__ import annotations

import os

import pytest

from newsevents import warehouse

SCHEMAS = ("mart", "core", "staging", "raw", "ops")


def reset(conn) -> None:
    """Drop and re-create the test database's schemas. Sessions a failed test left open
    on this database are ended first, so one failure can never hang the suite."""
    with warehouse.transaction(conn) as cur:
        cur.execute("""SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                       WHERE datname = current_database() AND pid <> pg_backend_pid()
                         AND backend_type = 'client backend'""")  # never autovacuum
    with warehouse.transaction(conn) as cur:
        cur.execute("SET LOCAL lock_timeout = '60s'")
        for s in SCHEMAS:
            cur.execute(f"DROP SCHEMA IF EXISTS {s} CASCADE")
    warehouse.migrate(conn)


def rows(conn, sql, params=None) -> list[tuple]:
    """The rows of one query, leaving no transaction open."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
        out = cur.fetchall()
    conn.rollback()
    return out


@pytest.fixture(scope="session")
def test_url() -> str:
    url = os.environ.get("NEWSEVENTS_TEST_URL")
    if not url:
        pytest.skip("NEWSEVENTS_TEST_URL is not set: run through `make test`, which starts PostgreSQL")
    return url


@pytest.fixture
def conn(test_url):
    c = warehouse.connect(test_url)
    reset(c)
    yield c
    c.close()
