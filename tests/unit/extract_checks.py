"""Helpers shared by the extraction tests: run the extractor with its evidence checked,
and pick the events that agree with given fields."""

from newsevents.extract import extract_events


def run(text, lang, pub):
    """extract_events() on ``text``; every event's evidence must be its offsets' text."""
    out = extract_events(text, published_at=pub, language=lang)
    for e in out:
        assert text[e["evidence_start"]:e["evidence_end"]] == e["evidence"]
    return out


def one(events, **want):
    """The first event agreeing with every field given (quantities compared whole)."""
    hits = [e for e in events if all(e.get(k) == v for k, v in want.items())]
    assert hits, f"no event with {want} in {[{k: e.get(k) for k in want} for e in events]}"
    return hits[0]


def none(events, **want):
    """No event agrees with every field given."""
    hits = [e for e in events if all(e.get(k) == v for k, v in want.items())]
    assert not hits, f"unexpected {hits}"
