"""The batch plan the DAG maps over: every document in exactly one batch, few batches."""

from __future__ import annotations

import pytest

from newsevents.tasks import MAX_BATCHES, batch_slice, plan_batches


@pytest.mark.parametrize("n", [0, 1, 5, 249, 250, 999, 1000, 4500, 120_000, 10_000_000])
def test_plan_covers_every_item_once(n, monkeypatch):
    monkeypatch.delenv("NEWSEVENTS_BATCH_DOCS", raising=False)
    monkeypatch.delenv("NEWSEVENTS_MIN_BATCHES", raising=False)
    plan = plan_batches(n)
    assert 1 <= len(plan) <= MAX_BATCHES
    assert [b["index"] for b in plan] == list(range(len(plan)))
    items = list(range(min(n, 200_000)))
    seen = [x for b in plan for x in batch_slice(items, b)]
    assert seen == items


def test_plan_sizes(monkeypatch):
    monkeypatch.delenv("NEWSEVENTS_BATCH_DOCS", raising=False)
    monkeypatch.delenv("NEWSEVENTS_MIN_BATCHES", raising=False)
    assert len(plan_batches(5)) == 1             # a handful of documents: one task
    assert len(plan_batches(150)) == 1           # batches of at least about 100
    assert len(plan_batches(210)) == 2           # two cores: two batches as soon as that is possible
    assert len(plan_batches(399)) == 2
    assert len(plan_batches(4500)) == 4          # enough for both cores: at least 4 batches
    assert len(plan_batches(10_000)) == 8        # a multiple of 4: 1, 2 or 4 workers finish together
    assert len(plan_batches(120_000)) == 60      # batches of about 2,000 documents
    assert len(plan_batches(10_000_000)) == MAX_BATCHES == 64
    monkeypatch.setenv("NEWSEVENTS_BATCH_DOCS", "500")
    assert len(plan_batches(4500)) == 12


def test_batch_slice_rejects_a_batch_outside_the_plan():
    with pytest.raises(ValueError):
        batch_slice([1, 2, 3], {"index": 3, "count": 3})
    assert batch_slice([1, 2, 3], None) == [1, 2, 3]
