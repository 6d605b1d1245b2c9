"""The hostile archive (tests/hostile.py) through the warehouse stages, as the DAG runs
them: the batch completes, every rejected input is in ops.quarantine with the expected
stage and reason, every other input reached staging, discovered = processed +
quarantined in ops.runs, and no NUL or unrepaired text reached PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents import tasks
from tests.hostile import make_hostile_archive

from .conftest import rows

pytestmark = pytest.mark.integration
MAX = 2 * 1024 * 1024


def test_hostile_archive_every_input_accounted_for(conn, seeds_dir, tmp_path):
    expect = make_hostile_archive(tmp_path / "hostile", seeds_dir, MAX)
    window = tasks.RunWindow("hostile", str(tmp_path / "hostile"), whole_archive=True)
    result = tasks.run_all(conn, window, max_bytes=MAX)

    quarantined = {Path(p).name: reason for p, reason in
                   rows(conn, "SELECT input_path, reason FROM ops.quarantine WHERE run_id = %s", ("hostile",))}
    for name, outcome in expect.items():
        if outcome == "ok":
            assert name not in quarantined, f"{name} was quarantined: {quarantined.get(name)}"
        else:
            assert quarantined.get(name) == outcome, f"{name}: expected {outcome}, got {quarantined.get(name)}"

    processed = {Path(p).name for (p,) in rows(conn, """
        SELECT i.source_path FROM raw.run_inputs i JOIN staging.documents s USING (doc_id)
        WHERE i.run_id = %s""", ("hostile",))}
    assert processed == {n for n, o in expect.items() if o == "ok"}

    (discovered, done, bad), = rows(conn, "SELECT discovered, processed, quarantined FROM ops.runs "
                                          "WHERE run_id = %s", ("hostile",))
    assert discovered == len(expect) == done + bad
    assert bad == sum(o != "ok" for o in expect.values())
    assert result["discover"]["discovered"] == len(expect)

    # Repairs reached the warehouse: no NULs, legacy encodings decoded, cedillas folded.
    assert rows(conn, "SELECT count(*) FROM staging.paragraphs WHERE strpos(text, 'Ã') > 0")[0][0] == 0
    texts = " ".join(t for (t,) in rows(conn, "SELECT clean_text FROM staging.documents"))
    assert "așezări" in texts and "Курской" in texts
    assert "alert(" not in texts
    # The good article's claims are loaded despite its hostile neighbours.
    assert rows(conn, "SELECT count(*) FROM core.events")[0][0] > 0
