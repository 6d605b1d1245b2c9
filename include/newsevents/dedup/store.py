"""Incremental deduplication against the whole history in the warehouse.

For the run's documents: store the signature and its LSH band keys, look up candidates
through the (band, day) index (never a scan: the cost per document does not grow with
the archive), decide each candidate pair with ``match.compare`` (candidate texts come
from staging), store the decided pairs, then recompute the stories of every touched
component from the stored pairs. Each step depends on the set of documents only, so a
backfill run backwards ends with the same rows as a forward one.
"""

from __future__ import annotations

from datetime import date
from typing import Iterable

from psycopg2.extras import execute_values

from . import paragraphs
from .cluster import stories as build_stories
from .match import Doc, compare, document

LOCK = 7_345_002  # pg_advisory_xact_lock key (the deduplicate stage)


def _rank(published: date | None, doc_id: str) -> tuple:
    return (published or date.max, doc_id)


def _documents(cur, ids: Iterable[str]) -> dict[str, Doc]:
    cur.execute("""SELECT s.doc_id, s.clean_text, d.published_at FROM staging.documents s
                   JOIN raw.documents d USING (doc_id) WHERE s.doc_id = ANY(%s)""", (sorted(ids),))
    return {doc_id: document(doc_id, text, published=published, rank=_rank(published, doc_id))
            for doc_id, text, published in cur.fetchall()}


def sig_id(doc_id: str) -> int:
    """The band index's key for a document: the first 60 bits of its SHA-256 id."""
    return int(doc_id[:15], 16)


def _store_signatures(cur, docs: dict[str, Doc]) -> None:
    rows = [(d.key, sig_id(d.key), d.exact, len(d.shingles), date.fromordinal(d.day) if d.day else None)
            for d in docs.values()]
    execute_values(cur, """
        INSERT INTO core.document_signatures (doc_id, sig_id, exact_hash, shingles, published_at) VALUES %s
        ON CONFLICT (doc_id) DO UPDATE SET exact_hash = EXCLUDED.exact_hash,
          shingles = EXCLUDED.shingles, published_at = EXCLUDED.published_at""", rows)
    cur.execute("DELETE FROM core.signature_bands WHERE sig_id = ANY(%s)", ([sig_id(d) for d in sorted(docs)],))
    bands = [(int(b), date.fromordinal(d.day) if d.day else None, sig_id(d.key))
             for d in docs.values() if d.tokens.words for b in d.bands.tolist()]
    execute_values(cur, "INSERT INTO core.signature_bands (band, day, sig_id) VALUES %s", bands,
                   page_size=5000)


def _candidates(cur, docs: list[Doc]) -> set[tuple[str, str]]:
    """Unordered pairs (run document, other) sharing a band key under the day rule: one
    index probe per (document, band), never a scan."""
    probe = [(d.key, int(b), date.fromordinal(d.day) if d.day else None)
             for d in docs if d.tokens.words for b in d.bands.tolist()]
    if not probe:
        return set()
    keys, bands, days = (list(x) for x in zip(*probe))
    cur.execute("""
        WITH probe AS (SELECT * FROM unnest(%s::text[], %s::bigint[], %s::date[]) AS p(doc_id, band, day)),
        hit AS (
            SELECT p.doc_id, o.sig_id FROM probe p
              JOIN core.signature_bands o ON o.band = p.band AND o.day = p.day
            WHERE p.day IS NOT NULL
            UNION
            SELECT p.doc_id, o.sig_id FROM probe p
              JOIN core.signature_bands o ON o.band = p.band AND o.day IS NULL
            UNION
            SELECT p.doc_id, o.sig_id FROM probe p
              JOIN core.signature_bands o ON o.band = p.band
            WHERE p.day IS NULL)
        SELECT DISTINCT h.doc_id, s.doc_id FROM hit h JOIN core.document_signatures s USING (sig_id)
        WHERE s.doc_id <> h.doc_id""", (keys, bands, days))
    return {tuple(sorted(r)) for r in cur.fetchall()}


def _component(cur, seeds: set[str]) -> set[str]:
    """Every document connected to ``seeds`` through duplicate pairs."""
    seen, frontier = set(seeds), set(seeds)
    while frontier:
        cur.execute("""SELECT doc_a, doc_b FROM core.document_pairs WHERE duplicate AND doc_a = ANY(%(f)s)
                       UNION ALL
                       SELECT doc_a, doc_b FROM core.document_pairs WHERE duplicate AND doc_b = ANY(%(f)s)""",
                    {"f": sorted(frontier)})
        nxt = {d for row in cur.fetchall() for d in row} - seen
        seen |= nxt
        frontier = nxt
    return seen


def _old_story_members(cur, ids: Iterable[str]) -> set[str]:
    cur.execute("""SELECT m.doc_id FROM core.document_stories s
                   JOIN core.document_stories m ON m.story_id = s.story_id
                   WHERE s.doc_id = ANY(%s)""", (sorted(ids),))
    return {r[0] for r in cur.fetchall()}


def deduplicate(cur, ids: list[str]) -> dict:
    """Sign ``ids``, link them to the history, recompute the stories they touch."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
    if not ids:
        return {"documents": 0, "duplicates": 0, "pairs": 0, "repeated_paragraphs": 0}
    docs = _documents(cur, ids)
    ids = sorted(docs)
    before = _old_story_members(cur, ids)
    for column in ("doc_a", "doc_b"):
        cur.execute(f"DELETE FROM core.document_pairs WHERE {column} = ANY(%s) RETURNING doc_a, doc_b", (ids,))
        before |= {d for row in cur.fetchall() for d in row}
    _store_signatures(cur, docs)
    pairs = _candidates(cur, [docs[d] for d in ids])
    others = {d for p in pairs for d in p} - set(docs)
    docs.update(_documents(cur, others))
    decided = []
    for a, b in sorted(pairs):
        v = compare(docs[a], docs[b])
        if v.duplicate or v.method == "facts":
            decided.append((a, b, v.duplicate, v.method, round(v.jaccard, 4), v.detail[:500]))
    if decided:
        execute_values(cur, """INSERT INTO core.document_pairs (doc_a, doc_b, duplicate, method, jaccard, detail)
                               VALUES %s ON CONFLICT (doc_a, doc_b) DO UPDATE SET duplicate = EXCLUDED.duplicate,
                               method = EXCLUDED.method, jaccard = EXCLUDED.jaccard, detail = EXCLUDED.detail""",
                       decided)
    touched = _component(cur, set(ids) | before | others)
    touched |= _old_story_members(cur, touched)
    touched = _component(cur, touched)
    stories = _recompute_stories(cur, touched)
    repeats = _paragraph_repeats(cur, ids, stories)
    dups = sum(1 for d in ids if stories[d][1] is not None)
    return {"documents": len(ids), "duplicates": dups, "pairs": len(decided), "repeated_paragraphs": repeats}


def _recompute_stories(cur, members: set[str]) -> dict[str, tuple[str, str | None]]:
    ids = sorted(members)
    cur.execute("SELECT doc_id, exact_hash, published_at FROM core.document_signatures WHERE doc_id = ANY(%s)",
                (ids,))
    info = {d: (e, p) for d, e, p in cur.fetchall()}
    cur.execute("""SELECT doc_a, doc_b, duplicate, jaccard FROM core.document_pairs
                   WHERE doc_a = ANY(%(i)s) AND doc_b = ANY(%(i)s)""", {"i": ids})
    rows = cur.fetchall()
    links = [(a, b, j) for a, b, dup, j in rows if dup]
    conflicts = [(a, b) for a, b, dup, _ in rows if not dup]
    rank = {d: _rank(p, d) for d, (_, p) in info.items()}
    days = {d: p.toordinal() if p else None for d, (_, p) in info.items()}
    result = build_stories(info, links, rank, days, conflicts)
    out = []
    for d, (canonical, dup_of) in sorted(result.items()):
        method = "canonical" if dup_of is None else ("exact" if info[d][0] == info[canonical][0] else "near")
        out.append((d, canonical, dup_of, method))
    execute_values(cur, """
        INSERT INTO core.document_stories (doc_id, story_id, duplicate_of, method) VALUES %s
        ON CONFLICT (doc_id) DO UPDATE SET story_id = EXCLUDED.story_id,
          duplicate_of = EXCLUDED.duplicate_of, method = EXCLUDED.method
        WHERE (core.document_stories.story_id, core.document_stories.duplicate_of, core.document_stories.method)
              IS DISTINCT FROM (EXCLUDED.story_id, EXCLUDED.duplicate_of, EXCLUDED.method)""", out)
    return result


def _paragraphs(cur, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in ids}
    cur.execute("SELECT doc_id, text FROM staging.paragraphs WHERE doc_id = ANY(%s) ORDER BY doc_id, idx", (ids,))
    for doc_id, text in cur.fetchall():
        out[doc_id].append(text)
    return out


def _paragraph_repeats(cur, ids: list[str], stories: dict[str, tuple[str, str | None]]) -> int:
    """repeat_of inside each run document; repeat_doc_* across each touched story."""
    groups: dict[str, list[str]] = {}
    for d, (canonical, _) in stories.items():
        groups.setdefault(canonical, []).append(d)
    members = sorted(stories)
    cur.execute("SELECT doc_id, published_at FROM core.document_signatures WHERE doc_id = ANY(%s)", (members,))
    rank = {d: _rank(p, d) for d, p in cur.fetchall()}
    texts = _paragraphs(cur, members)
    rows, repeats = [], 0
    for group in groups.values():
        ordered = sorted(group, key=lambda d: rank[d])
        across = paragraphs.story_repeats([(d, texts[d]) for d in ordered]) if len(ordered) > 1 else {}
        for d in ordered:
            within = paragraphs.repeated_paragraphs(texts[d])
            for i, rep in enumerate(within):
                origin = across.get((d, i))
                other = origin if origin and origin[0] != d else None
                rows.append((d, i, rep, other[0] if other else None, other[1] if other else None))
                repeats += d in ids and (rep is not None or other is not None)
    if rows:
        execute_values(cur, """
            UPDATE staging.paragraphs p SET repeat_of = v.rep, repeat_doc_id = v.rdoc, repeat_doc_idx = v.ridx
            FROM (VALUES %s) AS v(doc_id, idx, rep, rdoc, ridx)
            WHERE p.doc_id = v.doc_id AND p.idx = v.idx
              AND (p.repeat_of, p.repeat_doc_id, p.repeat_doc_idx) IS DISTINCT FROM (v.rep, v.rdoc, v.ridx)""",
                       rows, template="(%s, %s, %s::integer, %s::text, %s::integer)", page_size=2000)
    return repeats
