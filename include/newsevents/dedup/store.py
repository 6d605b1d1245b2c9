"""Incremental deduplication against the whole history in the warehouse.

The run's documents are taken in chunks of ``CHUNK``, in publication-day order, and for
each chunk: the texts are read and signed in one numpy batch; the signatures and their
LSH band keys are written with COPY; the candidates are found with one SQL statement
(the chunk's band keys unnested and joined to the ``(day, band)`` index over the days
the chunk covers, plus or minus one: never a scan of the history, so the cost per
document does not grow with the archive); each candidate pair is decided by
``match.compare`` (the partner's text comes from staging); the decided pairs are
stored; the stories of every touched component are recomputed from the stored pairs;
repeated paragraphs are flagged. Memory is one chunk's texts. Each step depends on the
set of documents only, so a backfill run backwards ends with the same rows.
"""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from datetime import date
from typing import Iterable

from psycopg2.extras import execute_values

from ..warehouse import lock_documents
from . import parallel, paragraphs
from .cluster import stories as build_stories
from .match import MAX_DAY_GAP, Doc, compare

LOCK = 7_345_002  # pg_advisory_xact_lock key (the deduplicate stage)
CHUNK = 2000


def _rank(published: date | None, doc_id: str) -> tuple:
    return (published or date.max, doc_id)


def sig_id(doc_id: str) -> int:
    """The band index's key for a document: the first 60 bits of its SHA-256 id."""
    return int(doc_id[:15], 16)


def _read(cur, ids: Iterable[str]) -> dict[str, tuple]:
    """doc_id -> (clean text, published_at, language, paragraph count)."""
    cur.execute("""SELECT s.doc_id, s.clean_text, d.published_at, s.language, s.paragraphs FROM staging.documents s
                   JOIN raw.documents d USING (doc_id) WHERE s.doc_id = ANY(%s)""", (sorted(ids),))
    return {r[0]: r[1:] for r in cur.fetchall()}


# Documents signed recently, by doc_id, with the row they were signed from: the next
# chunk's (or the next run's) candidates are mostly the previous days' documents, which
# need not be tokenised and signed again while their text, date and language are the same.
_SIGNED: OrderedDict[str, tuple[tuple, Doc]] = OrderedDict()
_SIGNED_MAX = 3 * CHUNK


def _documents(rows: dict[str, tuple]) -> dict[str, Doc]:
    out, todo = {}, []
    for k in sorted(rows):
        hit = _SIGNED.get(k)
        if hit is not None and hit[0] == rows[k]:
            out[k] = hit[1]
            _SIGNED.move_to_end(k)
        else:
            todo.append(k)
    for d in parallel.sign([(k, rows[k][0], rows[k][1], rows[k][2]) for k in todo]):
        d.paragraph_count = rows[d.key][3]
        out[d.key] = d
        _SIGNED[d.key] = (rows[d.key], d)
    while len(_SIGNED) > _SIGNED_MAX:
        _SIGNED.popitem(last=False)
    return out


def _paragraphs_of(doc: Doc) -> list | None:
    """The document's paragraphs, tokenised, when its lines are the cleaner's paragraphs
    (the cleaner joins them with one line break; the stored count says whether)."""
    return doc.paragraphs() if len(doc.lines) == doc.paragraph_count else None


def _within(docs: list[Doc]) -> dict[str, list]:
    """repeat_of of each document's paragraphs."""
    out = {}
    for d in docs:
        paras = _paragraphs_of(d)
        if paras is not None:
            out[d.key] = paragraphs.repeated_paragraphs(paras)
    return out



def _copy(cur, table: str, columns: str, rows: Iterable[tuple]) -> None:
    """COPY rows in (text format; values are ids, names, dates and numbers: no escaping)."""
    buf = io.StringIO()
    buf.writelines("\t".join(NULL if v is None else str(v) for v in row) + "\n" for row in rows)
    buf.seek(0)
    cur.copy_expert(f"COPY {table} ({columns}) FROM STDIN", buf)


def _forget(cur, ids: list[str]) -> set[str]:
    """Remove what a previous run stored for ``ids`` (signatures, band keys, pairs,
    stories) and return the documents whose stories must be recomputed."""
    cur.execute("SELECT doc_id FROM core.document_signatures WHERE doc_id = ANY(%s)", (ids,))
    old = [r[0] for r in cur.fetchall()]
    if not old:
        return set()
    before = _story_members(cur, old)
    for column in ("doc_a", "doc_b"):
        cur.execute(f"SELECT doc_a, doc_b FROM core.document_pairs WHERE {column} = ANY(%s)", (old,))
        before |= {d for row in cur.fetchall() for d in row}
    # their index rows, found through the days they were filed under (one range of the
    # (day, band) index per day, read once for all the documents of that day)
    cur.execute("""SELECT DISTINCT published_at FROM core.document_signatures WHERE doc_id = ANY(%s)""", (old,))
    days = [r[0] for r in cur.fetchall()]
    sigs = [sig_id(d) for d in old]
    dated = [d for d in days if d is not None]
    if dated:
        cur.execute("DELETE FROM core.signature_bands WHERE day = ANY(%s) AND sig_id = ANY(%s)", (dated, sigs))
    if len(dated) < len(days):
        cur.execute("DELETE FROM core.signature_bands WHERE day IS NULL AND sig_id = ANY(%s)", (sigs,))
    # pairs and stories of these documents go with them (ON DELETE CASCADE)
    cur.execute("DELETE FROM core.document_signatures WHERE doc_id = ANY(%s)", (old,))
    return before - set(ids)


def _band_rows(docs: list[Doc]) -> str:
    """COPY text of the documents' band keys: day, band, sig_id."""
    buf = io.StringIO()
    for d in docs:
        if d.words:
            head = f"{_day(d) or NULL}\t"
            tail = f"\t{sig_id(d.key)}\n"
            buf.write("".join(head + str(b) + tail for b in sorted(set(d.bands.tolist()))))
    return buf.getvalue()


def _store(cur, docs: list[Doc], bands: str) -> None:
    buf = io.StringIO()
    buf.writelines(f"{d.key}\t{sig_id(d.key)}\t{d.exact}\t{len(d.shingles)}\t{_day(d) or NULL}\n" for d in docs)
    text = buf.getvalue()
    cur.copy_expert("COPY core.document_signatures (doc_id, sig_id, exact_hash, shingles, published_at) "
                    "FROM STDIN", io.StringIO(text), size=len(text) + 1)
    # in one read of the buffer: from a thread, each read waits for the GIL the caller holds
    cur.copy_expert("COPY core.signature_bands (day, band, sig_id) FROM STDIN", io.StringIO(bands),
                    size=len(bands) + 1)
    days = sorted({d.day for d in docs if d.day is not None})
    if days:
        cur.execute("""INSERT INTO core.signature_days (day) SELECT unnest(%s::date[])
                       ON CONFLICT DO NOTHING""", ([date.fromordinal(x) for x in days],))


class _Background:
    """Run one statement sequence on the cursor in a thread while the caller computes
    (psycopg2 releases the GIL while the server works): the chunk's signatures and
    band keys are written while its candidate pairs are decided. The caller must not
    use the connection until ``join``; an error in the thread is raised there."""

    def __init__(self, fn, *args) -> None:
        self.error: BaseException | None = None

        def run() -> None:
            try:
                fn(*args)
            except BaseException as exc:  # re-raised in the caller's thread
                self.error = exc

        self.thread = threading.Thread(target=run, name="dedup-store", daemon=True)
        self.thread.start()

    def join(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


NULL = "\\N"


def _day(d: Doc) -> date | None:
    return date.fromordinal(d.day) if d.day is not None else None


def _candidates(cur, docs: list[Doc], bands: str) -> set[tuple[str, str]]:
    """Unordered pairs (chunk document, other) sharing a band key under the day rule:
    both dated and at most ``MAX_DAY_GAP`` days apart, or either undated.

    Against the history (the chunk is not in the index yet): the chunk's keys are
    COPYed into a temporary table and joined to the ``(day, band)`` index over the days
    the chunk covers, plus or minus ``MAX_DAY_GAP``, in one hash join on the band (one
    read of those days' keys, whatever the size of the archive; nested loops and merge
    joins are switched off for it: the planner's estimates for rows written a moment ago
    are empty, and a loop of range scans or a sort would cost more than the join).
    Undated documents: a dated key is also looked up among the undated ones, and an
    undated document's keys on every day with signatures. Within the chunk: the keys
    table joined to itself under the same rule."""
    docs = [d for d in docs if d.words]
    if not docs:
        return set()
    doc_of = {sig_id(d.key): d.key for d in docs}
    hits: set[tuple[int, int]] = set()
    cur.execute("DROP TABLE IF EXISTS pg_temp.dedup_keys")
    cur.execute("CREATE TEMP TABLE dedup_keys (day date, band integer NOT NULL, sig_id bigint NOT NULL) "
                "ON COMMIT DROP")
    cur.copy_expert("COPY pg_temp.dedup_keys (day, band, sig_id) FROM STDIN", io.StringIO(bands))
    cur.execute("SET LOCAL enable_nestloop = off")
    cur.execute("SET LOCAL enable_mergejoin = off")
    cur.execute("""
        SELECT a.sig_id, b.sig_id FROM pg_temp.dedup_keys a JOIN pg_temp.dedup_keys b ON b.band = a.band
        WHERE a.sig_id < b.sig_id
          AND (a.day IS NULL OR b.day IS NULL OR b.day BETWEEN a.day - %(gap)s AND a.day + %(gap)s)""",
                {"gap": MAX_DAY_GAP})
    hits.update(cur.fetchall())
    dated = [d.day for d in docs if d.day is not None]
    if dated:
        cur.execute("""
            SELECT k.sig_id, o.sig_id FROM pg_temp.dedup_keys k JOIN core.signature_bands o ON o.band = k.band
            WHERE o.day BETWEEN %(lo)s AND %(hi)s AND o.day BETWEEN k.day - %(gap)s AND k.day + %(gap)s""",
                    {"gap": MAX_DAY_GAP, "lo": date.fromordinal(min(dated) - MAX_DAY_GAP),
                     "hi": date.fromordinal(max(dated) + MAX_DAY_GAP)})
        hits.update(cur.fetchall())
    cur.execute("SET LOCAL enable_nestloop = on")
    cur.execute("SET LOCAL enable_mergejoin = on")
    cur.execute("SELECT EXISTS (SELECT 1 FROM core.signature_bands WHERE day IS NULL)")
    if cur.fetchone()[0] or len(dated) < len(docs):
        # dated or undated, a document meets the undated ones; an undated one meets every day
        cur.execute("""
            SELECT k.sig_id, o.sig_id FROM pg_temp.dedup_keys k
            JOIN core.signature_bands o ON o.day IS NULL AND o.band = k.band
            UNION
            SELECT k.sig_id, o.sig_id FROM pg_temp.dedup_keys k JOIN core.signature_days s ON k.day IS NULL
            JOIN core.signature_bands o ON o.day = s.day AND o.band = k.band""")
        hits.update(cur.fetchall())
    others = sorted({b for _, b in hits} - set(doc_of))
    names = dict(doc_of)
    if others:
        cur.execute("SELECT sig_id, doc_id FROM core.document_signatures WHERE sig_id = ANY(%s)", (others,))
        names.update(cur.fetchall())
    pairs = {tuple(sorted((doc_of[a], names[b]))) for a, b in hits if b in names and a != b}
    return pairs


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


def _story_members(cur, ids: Iterable[str]) -> set[str]:
    cur.execute("""SELECT m.doc_id FROM core.document_stories s
                   JOIN core.document_stories m ON m.story_id = s.story_id
                   WHERE s.doc_id = ANY(%s)""", (sorted(ids),))
    return {r[0] for r in cur.fetchall()}


def deduplicate(cur, ids: list[str]) -> dict:
    """Sign ``ids``, link them to the history, recompute the stories they touch."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOCK,))
    # the candidate join hashes a chunk's keys against a few days of the index: give it
    # the memory to do so in one pass, and no JIT (it compiles longer than it runs)
    cur.execute("SET LOCAL work_mem = '64MB'")
    cur.execute("SET LOCAL jit = off")
    totals = {"documents": 0, "duplicates": 0, "pairs": 0, "repeated_paragraphs": 0}
    if not ids:
        return totals
    cur.execute("""SELECT s.doc_id FROM staging.documents s JOIN raw.documents d USING (doc_id)
                   WHERE s.doc_id = ANY(%s) ORDER BY d.published_at NULLS LAST, s.doc_id""", (sorted(ids),))
    ordered = [r[0] for r in cur.fetchall()]
    for i in range(0, len(ordered), CHUNK):
        for k, v in _chunk(cur, ordered[i:i + CHUNK]).items():
            totals[k] += v
    return totals


def _chunk(cur, ids: list[str]) -> dict:
    docs = _documents(_read(cur, ids))
    ids = sorted(docs)
    before = _forget(cur, ids)
    mine = [docs[d] for d in ids]
    bands = _band_rows(mine)
    pairs = _candidates(cur, mine, bands)
    others = {d for p in pairs for d in p} - set(docs)
    rows = _read(cur, others) if others else {}
    writing = _Background(_store, cur, mine, bands)  # the connection is the thread's until join
    try:
        docs.update(_documents(rows))
        decided = []
        for a, b in sorted(pairs):
            v = compare(docs[a], docs[b])
            if v.duplicate or v.method == "facts":
                decided.append((a, b, v.duplicate, v.method, v.strength, v.detail[:500]))
    finally:
        writing.join()
    if decided:
        execute_values(cur, """INSERT INTO core.document_pairs (doc_a, doc_b, duplicate, method, likeness, detail)
                               VALUES %s ON CONFLICT (doc_a, doc_b) DO UPDATE SET duplicate = EXCLUDED.duplicate,
                               method = EXCLUDED.method, likeness = EXCLUDED.likeness, detail = EXCLUDED.detail""",
                       decided)
    linked = {d for a, b, dup, *_ in decided if dup for d in (a, b)}
    touched = set()
    if linked or before:
        touched = _component(cur, linked | before)
        touched |= _story_members(cur, touched)
        touched = _component(cur, touched)
    alone = [d for d in ids if d not in touched]
    _copy(cur, "core.document_stories", "doc_id, story_id, duplicate_of, method",
          ((d, d, None, "canonical") for d in alone))
    result = {d: (d, None) for d in alone}
    if touched:
        result.update(_recompute_stories(cur, touched))
    repeats = _paragraph_repeats(cur, ids, result, docs, _within([docs[d] for d in ids]))
    dups = sum(1 for d in ids if result[d][1] is not None)
    return {"documents": len(ids), "duplicates": dups, "pairs": len(decided), "repeated_paragraphs": repeats}


def _recompute_stories(cur, members: set[str]) -> dict[str, tuple[str, str | None]]:
    ids = sorted(members)
    cur.execute("SELECT doc_id, exact_hash, published_at FROM core.document_signatures WHERE doc_id = ANY(%s)",
                (ids,))
    info = {d: (e, p) for d, e, p in cur.fetchall()}
    cur.execute("""SELECT doc_a, doc_b, duplicate, likeness FROM core.document_pairs
                   WHERE doc_a = ANY(%(i)s) AND doc_b = ANY(%(i)s)""", {"i": ids})
    rows = cur.fetchall()
    links = [(a, b, j) for a, b, dup, j in rows if dup]
    conflicts = [(a, b, j) for a, b, dup, j in rows if not dup]
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


def _paragraph_texts(cur, ids: list[str], docs: dict[str, Doc]) -> dict[str, list]:
    """Each document's paragraphs, tokenised (``_paragraphs_of``); read from
    staging.paragraphs where the lines are not the paragraphs or the document was not
    read."""
    out, missing = {}, []
    for d in ids:
        paras = _paragraphs_of(docs[d]) if d in docs else None
        if paras is not None:
            out[d] = paras
        else:
            missing.append(d)
    if missing:
        cur.execute("SELECT doc_id, text FROM staging.paragraphs WHERE doc_id = ANY(%s) ORDER BY doc_id, idx",
                    (missing,))
        for d in missing:
            out[d] = []
        for d, text in cur.fetchall():
            out[d].append(text)
    return out


def _paragraph_repeats(cur, ids: list[str], stories: dict[str, tuple[str, str | None]], docs: dict[str, Doc],
                       within: dict[str, list]) -> int:
    """repeat_of inside each document of ``stories`` (the chunk's and those whose story
    was recomputed); repeat_doc_* across each of their stories. Only changed rows are
    written."""
    groups: dict[str, list[str]] = {}
    for d, (canonical, _) in stories.items():
        groups.setdefault(canonical, []).append(d)
    shared = sorted({d for g in groups.values() if len(g) > 1 for d in g})
    members = sorted(stories)
    texts = _paragraph_texts(cur, [d for d in members if d in shared or d not in within], docs)
    rank = {}
    if shared:
        cur.execute("SELECT doc_id, published_at FROM core.document_signatures WHERE doc_id = ANY(%s)", (shared,))
        rank = {d: _rank(p, d) for d, p in cur.fetchall()}
    marks, repeats = [], 0
    for group in groups.values():
        ordered = sorted(group, key=lambda d: rank.get(d, (date.max, d)))
        across = paragraphs.story_repeats([(d, texts[d]) for d in ordered]) if len(ordered) > 1 else {}
        for d in ordered:
            mine = within[d] if d in within else paragraphs.repeated_paragraphs(texts[d])
            for i, rep in enumerate(mine):
                origin = across.get((d, i))
                other = origin if origin and origin[0] != d else None
                if rep is not None or other is not None:
                    marks.append((d, i, rep, other[0] if other else None, other[1] if other else None))
                    repeats += d in ids
    # other runs' clean, detect_language and extract rewrite these rows under the
    # documents' locks: take them too (in doc_id order) before touching a row, or two
    # runs updating the same paragraphs in different orders deadlock
    lock_documents(cur, members)
    cur.execute("""UPDATE staging.paragraphs p SET repeat_of = NULL, repeat_doc_id = NULL, repeat_doc_idx = NULL
                   WHERE p.doc_id = ANY(%s) AND (p.repeat_of IS NOT NULL OR p.repeat_doc_id IS NOT NULL)
                     AND (p.doc_id, p.idx) NOT IN (SELECT * FROM unnest(%s::text[], %s::integer[]))""",
                (members, [m[0] for m in marks], [m[1] for m in marks]))
    if marks:
        execute_values(cur, """
            UPDATE staging.paragraphs p SET repeat_of = v.rep, repeat_doc_id = v.rdoc, repeat_doc_idx = v.ridx
            FROM (VALUES %s) AS v(doc_id, idx, rep, rdoc, ridx)
            WHERE p.doc_id = v.doc_id AND p.idx = v.idx
              AND (p.repeat_of, p.repeat_doc_id, p.repeat_doc_idx) IS DISTINCT FROM (v.rep, v.rdoc, v.ridx)""",
                       marks, template="(%s, %s, %s::integer, %s::text, %s::integer)", page_size=2000)
    return repeats
