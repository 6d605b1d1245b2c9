"""Integration tests run against the real PostgreSQL that `make test` starts
(scripts/pg.sh); no database is ever mocked. They use the `warehouse_test` database
and reset its schemas for each test."""

from __future__ import annotations

import os

import pytest

from newsevents import warehouse

SCHEMAS = ("mart", "core", "staging", "raw", "ops")


def reset(conn) -> None:
    with warehouse.transaction(conn) as cur:
        for s in SCHEMAS:
            cur.execute(f"DROP SCHEMA IF EXISTS {s} CASCADE")
    warehouse.migrate(conn)


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
