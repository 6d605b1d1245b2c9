"""Warehouse-backed stages: what each DAG task and ``newsevents load`` runs.

Every stage reads its input from the warehouse and writes its output there (raw ->
staging -> core), selecting the documents its run owns through ``raw.run_inputs``.
Writes are keyed by the document's content hash and are delete-then-insert or
upsert, so a retried or re-run stage converges to the same rows. A document that
fails a stage is quarantined with the stage and the reason; the batch goes on.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from psycopg2.extras import Json, execute_values

from . import bulk, ingest, recurring, warehouse
from .dedup import store as dedup_store
from .lexicon import fold
from .pipeline import (QUANTITY_KEYS, clean_stage, extract_stage, language_stage,
                       paragraph_offsets)
from .warehouse import transaction

log = logging.getLogger(__name__)
BATCH = 500               # documents per transaction inside a stage
DEDUP_LOCK = dedup_store.LOCK
LOAD_LOCK = 7_345_003
RUN_COUNTS_LOCK = 7_345_004
RECURRING_LOCK = 7_345_011   # 7_345_010 is ops.ensure_month_partitions' key (migration 050)
MAX_BATCHES = 64          # mapped task instances per stage: far below Airflow's 1,024


@dataclass(frozen=True)
class RunWindow:
    """What a run owns: the archive and the half-open interval [start, end) of
    publication dates, or the whole archive."""

    run_id: str
    archive: str
    start: datetime | None = None
    end: datetime | None = None
    whole_archive: bool = False

    def covers(self, published: date | None) -> bool:
        if self.whole_archive:
            return True
        if published is None or self.start is None or self.end is None:
            return False
        start = self.start.astimezone(timezone.utc).date() if self.start.tzinfo else self.start.date()
        end = self.end.astimezone(timezone.utc).date() if self.end.tzinfo else self.end.date()
        if end <= start:  # a zero-width interval still owns its day
            return published == start
        return start <= published < end

    @property
    def logical_time(self) -> datetime | None:
        return self.end or self.start


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --- batches: a run's work split for Airflow's dynamic task mapping -------------------

def _env_int(name: str, default: int) -> int:
    try:
        return max(1, int(os.environ.get(name, default)))
    except ValueError:
        return default


MIN_BATCH_DOCS = 100


def plan_batches(inputs: int) -> list[dict]:
    """How a run of ``inputs`` documents is split into mapped tasks: batches of at most
    about NEWSEVENTS_BATCH_DOCS (2,000) documents and at least about 100; a multiple of
    NEWSEVENTS_MIN_BATCHES (4) batches once there are enough documents, so that 1, 2 or 4
    workers all finish together (two batches for a run too small for four); never more
    than MAX_BATCHES. Each batch is a small dict (``index``, ``count``): the XCom stays
    tiny, and a stage finds its documents in the warehouse, not in the XCom."""
    size = _env_int("NEWSEVENTS_BATCH_DOCS", 2000)
    floor = _env_int("NEWSEVENTS_MIN_BATCHES", 4)
    count = max(-(-inputs // size), 1)
    if inputs >= floor * MIN_BATCH_DOCS:
        count = -(-count // floor) * floor
    elif inputs >= 2 * MIN_BATCH_DOCS:
        count = max(count, 2)
    count = min(count, MAX_BATCHES)
    return [{"index": i, "count": count} for i in range(count)]


def batch_slice(items: list, batch: Mapping | None) -> list:
    """Batch ``index`` of ``count`` contiguous, near-equal slices of a sorted list (all of
    it when ``batch`` is None). Each stage slices its own id list, so batches cover every
    document whatever the stage's list holds."""
    if batch is None:
        return items
    index, count = int(batch["index"]), int(batch["count"])
    if not 0 <= index < count:
        raise ValueError(f"batch {index} of {count}")
    size = -(-len(items) // count)
    return items[index * size : (index + 1) * size]


def _quarantine(cur, window: RunWindow, items: Iterable[ingest.Quarantined]) -> int:
    rows = [(q.path, q.doc_id or "", q.stage, q.reason, q.detail[:2000], window.run_id,
             window.logical_time) for q in items]
    if rows:
        execute_values(cur, """
            INSERT INTO ops.quarantine (input_path, input_hash, stage, reason, detail, run_id, quarantined_at)
            VALUES %s
            ON CONFLICT (run_id, input_path, input_hash, stage) DO UPDATE
              SET reason = EXCLUDED.reason, detail = EXCLUDED.detail""", rows)
    return len(rows)


def run_doc_ids(conn, run_id: str, *, cleaned_only: bool = True) -> list[str]:
    with conn.cursor() as cur:
        if cleaned_only:  # with the documents the run cleaned again (recurring lines)
            cur.execute("""SELECT DISTINCT r.doc_id FROM (
                               SELECT doc_id FROM raw.run_inputs WHERE run_id = %s
                               UNION SELECT doc_id FROM ops.run_recleaned WHERE run_id = %s) r
                           JOIN staging.documents s USING (doc_id) ORDER BY r.doc_id""", (run_id, run_id))
        else:
            cur.execute("""SELECT DISTINCT doc_id FROM raw.run_inputs
                           WHERE run_id = %s AND doc_id IS NOT NULL ORDER BY doc_id""", (run_id,))
        return [r[0] for r in cur.fetchall()]


# --- discover -------------------------------------------------------------------------

def discover(conn, window: RunWindow, *, max_bytes: int | None = None) -> dict:
    """Find the archive's inputs in the run's window and store them in ``raw``.
    Inputs over ``max_bytes`` (default: NEWSEVENTS_MAX_BYTES, else 20 MiB) are quarantined.
    The DAG runs the two halves as separate tasks (``register_inputs``, then ``ingest``
    mapped over batches); this runs both in-process."""
    stats = register_inputs(conn, window)
    stats.pop("batches")
    stats.update(ingest_inputs(conn, window, max_bytes=max_bytes))
    return stats


def register_inputs(conn, window: RunWindow) -> dict:
    """Select the archive's inputs in the run's window and record them in
    ``raw.run_inputs`` (with no document yet); returns the counts and the batch plan."""
    paths = ingest.discover([window.archive])
    selected: list[str] = []
    undated = 0
    for p in paths:
        published = ingest.read_sidecar(p).published_at or ingest.date_from_path(p)
        if window.covers(published):
            selected.append(str(p))
        elif published is None:
            undated += 1
    with transaction(conn) as cur:
        cur.execute("""
            INSERT INTO ops.runs (run_id, archive, interval_start, interval_end, whole_archive)
            VALUES (%s, %s, %s, %s, %s)
            ON CONFLICT (run_id) DO UPDATE SET archive = EXCLUDED.archive,
              interval_start = EXCLUDED.interval_start, interval_end = EXCLUDED.interval_end,
              whole_archive = EXCLUDED.whole_archive""",
                    (window.run_id, window.archive, window.start, window.end, window.whole_archive))
        cur.execute("DELETE FROM raw.run_inputs WHERE run_id = %s", (window.run_id,))
        cur.execute("DELETE FROM ops.quarantine WHERE run_id = %s", (window.run_id,))
        bulk.copy_rows(cur, "raw.run_inputs", ("run_id", "source_path"),
                       ((window.run_id, p) for p in sorted(set(selected))))
    _finish_counts(conn, window.run_id)
    return {"discovered": len(selected), "undated_outside_window": undated,
            "batches": plan_batches(len(selected))}


def ingest_inputs(conn, window: RunWindow, *, batch: Mapping | None = None,
                  max_bytes: int | None = None) -> dict:
    """Read the run's registered inputs (its batch of them), store each document in
    ``raw`` keyed by its bytes' hash, quarantine the unreadable ones."""
    max_bytes = max_bytes or ingest.configured_max_bytes()
    with conn.cursor() as cur:
        cur.execute("SELECT source_path FROM raw.run_inputs WHERE run_id = %s ORDER BY source_path",
                    (window.run_id,))
        paths = batch_slice([Path(r[0]) for r in cur.fetchall()], batch)
    conn.rollback()
    stats = {"stored": 0, "quarantined": 0}
    for chunk in _chunks(paths):
        docs, bad = [], []
        for p in chunk:
            item = ingest.read_input(p, max_bytes=max_bytes)
            (bad if isinstance(item, ingest.Quarantined) else docs).append(item)
        with transaction(conn) as cur:
            warehouse.lock_documents(cur, [d.doc_id for d in docs])
            stats["quarantined"] += _quarantine(cur, window, bad)
            _store_documents(cur, window.run_id, docs)
            _set_run_documents(cur, window.run_id, [(d.path, d.doc_id) for d in docs]
                               + [(q.path, None) for q in bad])
        stats["stored"] += len(docs)
    _finish_counts(conn, window.run_id)
    return stats


def _set_run_documents(cur, run_id: str, pairs: list[tuple[str, str | None]]) -> None:
    """Record which document each of the run's inputs became (NULL: quarantined)."""
    if not pairs:
        return
    tmp = bulk.staged(cur, "run_documents", ("source_path", "doc_id"), pairs,
                      types={"source_path": "text", "doc_id": "text"})
    cur.execute(f"""INSERT INTO raw.run_inputs (run_id, source_path, doc_id)
                    SELECT %s, source_path, doc_id FROM {tmp}
                    ON CONFLICT (run_id, source_path) DO UPDATE SET doc_id = EXCLUDED.doc_id""", (run_id,))


def _store_documents(cur, run_id: str, docs: list[ingest.RawDocument]) -> None:
    """raw.documents (new documents only: known bytes are not sent again) and
    raw.document_sources, by COPY."""
    if not docs:
        return
    ids = sorted({d.doc_id for d in docs})
    cur.execute("SELECT doc_id FROM raw.documents WHERE doc_id = ANY(%s)", (ids,))
    known = {r[0] for r in cur.fetchall()}
    new: dict[str, ingest.RawDocument] = {}
    for d in sorted(docs, key=lambda d: d.path):  # the first source path gives url and source
        if d.doc_id not in known and d.doc_id not in new:
            new[d.doc_id] = d
    first_seen = {i: min((d.published_at for d in docs if d.doc_id == i and d.published_at), default=None)
                  for i in new}
    bulk.upsert(cur, "raw.documents",
                ("doc_id", "content", "bytes", "text", "encoding", "is_html", "published_at", "url", "source"),
                ((d.doc_id, d.content, d.size, d.text, d.encoding, d.is_html, first_seen[d.doc_id], d.url, d.source)
                 for d in new.values()), conflict=("doc_id",))
    bulk.upsert(cur, "raw.document_sources",
                ("source_path", "doc_id", "name", "published_at", "url", "source", "sidecar_problems"),
                ((d.path, d.doc_id, d.name, d.published_at, d.url, d.source, list(d.warnings)) for d in docs),
                conflict=("source_path", "doc_id"), update=("published_at", "url", "source", "sidecar_problems"))
    # A document's metadata comes from all its sources, whatever order they arrived in
    # (rows already right are not rewritten).
    cur.execute("""
        UPDATE raw.documents d SET published_at = s.published_at, url = s.url, source = s.source
        FROM (SELECT DISTINCT ON (doc_id) doc_id,
                     min(published_at) OVER (PARTITION BY doc_id) AS published_at, url, source
              FROM raw.document_sources WHERE doc_id = ANY(%s)
              ORDER BY doc_id, source_path) s
        WHERE d.doc_id = s.doc_id
          AND (d.published_at, d.url, d.source) IS DISTINCT FROM (s.published_at, s.url, s.source)""", (ids,))


def _finish_counts(conn, run_id: str) -> None:
    """discovered = processed + quarantined, counted per input path. Mapped batches of
    one run finish concurrently: a per-run lock makes each count see the batches before it,
    so the last one to finish writes the run's final counts."""
    with transaction(conn) as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (RUN_COUNTS_LOCK, run_id))
        cur.execute("""
            UPDATE ops.runs r SET
              discovered = (SELECT count(*) FROM raw.run_inputs i WHERE i.run_id = r.run_id),
              quarantined = (SELECT count(DISTINCT q.input_path) FROM ops.quarantine q WHERE q.run_id = r.run_id)
            WHERE run_id = %s""", (run_id,))
        cur.execute("UPDATE ops.runs SET processed = discovered - quarantined WHERE run_id = %s", (run_id,))


def _quarantine_document(cur, window: RunWindow, doc_id: str, stage: str, exc: Exception) -> int:
    """A document failed a stage: quarantine every input of this run that holds it."""
    cur.execute("SELECT source_path FROM raw.run_inputs WHERE run_id = %s AND doc_id = %s ORDER BY 1",
                (window.run_id, doc_id))
    paths = [r[0] for r in cur.fetchall()]
    return _quarantine(cur, window, [ingest.Quarantined(Path(p).name, p, stage, type(exc).__name__,
                                                        str(exc)[:500], doc_id) for p in paths])


# --- clean ----------------------------------------------------------------------------

def clean(conn, window: RunWindow, *, batch: Mapping | None = None) -> dict:
    """raw.documents -> staging.documents, staging.paragraphs, staging.removed_blocks.

    Then per-source recurring lines (``recurring.py``): every document of the sources
    this batch touched whose stored cleaning disagrees with the final counts is cleaned
    again, and documents of other runs among them are added to this run
    (``ops.run_recleaned``) so its later stages bring them up to date too. Mapped batches
    of one run clean concurrently; the last batch to touch a source sees every count
    of it, so the run ends as if cleaned in one piece. Only the lines whose counts this
    batch changed can have made a document stale, so the search for stale documents
    looks at those lines alone: its cost follows the batch, not the source's history.
    """
    every = run_doc_ids(conn, window.run_id, cleaned_only=False)
    ids = batch_slice(every, batch)
    stats = {"cleaned": 0, "quarantined": 0, "removed_blocks": 0, "recurring_removed": 0, "recleaned": 0}
    touched: set[tuple[str, str]] = set()
    for chunk in _chunks(ids):
        _clean_chunk(conn, window, chunk, stats, touched)
    stale = _stale_documents(conn, touched)
    own = set(every)  # the run's own documents, whichever batch holds them
    for chunk in _chunks(stale):
        _clean_chunk(conn, window, chunk, stats, set(), recleaning=True)
        with transaction(conn) as cur:
            execute_values(cur, "INSERT INTO ops.run_recleaned (run_id, doc_id) VALUES %s ON CONFLICT DO NOTHING",
                           [(window.run_id, d) for d in chunk if d not in own])
    stats["recleaned"] = len(stale)
    _finish_counts(conn, window.run_id)
    return stats


def _clean_chunk(conn, window: RunWindow, chunk: list[str], stats: dict, touched: set[tuple[str, str]],
                 recleaning: bool = False) -> None:
    with conn.cursor() as cur:
        cur.execute("""SELECT d.doc_id, d.text, d.is_html, d.url, d.source,
                              (SELECT min(s.source_path) FROM raw.document_sources s WHERE s.doc_id = d.doc_id)
                       FROM raw.documents d WHERE d.doc_id = ANY(%s) ORDER BY d.doc_id""", (chunk,))
        rows = cur.fetchall()
    results, failures = {}, {}
    for doc_id, text, is_html, url, source, path in rows:
        try:
            result = clean_stage(text, is_html)
            if not result.paragraphs:
                raise ValueError("no article text left after cleaning")
        except Exception as exc:  # one bad document never stops the batch
            log.warning("clean failed for %s: %s", doc_id, exc)
            failures[doc_id] = exc
            continue
        results[doc_id] = (result, recurring.source_key(url, source, result.meta.get("url"), path))
    with transaction(conn) as cur:
        warehouse.lock_documents(cur, chunk)
        for doc_id, exc in failures.items():
            cur.execute("DELETE FROM staging.documents WHERE doc_id = %s", (doc_id,))
            if not recleaning:
                stats["quarantined"] += _quarantine_document(cur, window, doc_id, "clean", exc)
        final = _apply_recurring(cur, results, set(failures), touched)
        _store_clean(cur, [(doc_id, result, source) for doc_id, (result, source) in sorted(final.items())])
        for doc_id, (result, source) in final.items():
            if not recleaning:
                stats["cleaned"] += 1
                stats["removed_blocks"] += len(result.removed)
            stats["recurring_removed"] += sum(r.rule == "recurring" for r in result.removed)


def _apply_recurring(cur, results: dict, failed: set[str], touched_keys: set[tuple[str, str]]) -> dict:
    """Record the documents' lines, recount them per source, remove the recurring ones.
    The (source, line) pairs whose counts were recomputed are added to ``touched_keys``.
    Serialised by an advisory lock (taken after the document locks, always)."""
    cur.execute("SELECT pg_advisory_xact_lock(%s)", (RECURRING_LOCK,))
    cur.execute("DELETE FROM staging.document_lines WHERE doc_id = ANY(%s) RETURNING source, line_hash",
                (sorted(set(results) | failed),))
    delta: dict[tuple[str, str], int] = {}   # (source, line) -> documents gained (or lost)
    touched: dict[tuple[str, str], str] = {}
    for src, key in cur.fetchall():
        delta[(src, key)] = delta.get((src, key), 0) - 1
        touched.setdefault((src, key), "")
    keys_of, rows = {}, []
    for doc_id, (result, source) in results.items():
        keys_of[doc_id] = recurring.line_keys(result.paragraphs)
        for key, text in keys_of[doc_id].items():
            rows.append((doc_id, key, source))
            delta[(source, key)] = delta.get((source, key), 0) + 1
            touched[(source, key)] = fold(text)
    bulk.copy_rows(cur, "staging.document_lines", ("doc_id", "line_hash", "source"), rows)
    counts: dict[tuple[str, str], int] = {}
    if touched:
        # counts move by what this chunk removed and added (the lock makes that exact):
        # a line on every page of a big site costs one row here, not a recount of its pages
        cur.execute("""
            INSERT INTO staging.source_lines AS s (source, line_hash, docs, line)
            SELECT * FROM unnest(%s::text[], %s::text[], %s::integer[], %s::text[])
            ON CONFLICT (source, line_hash) DO UPDATE SET docs = s.docs + EXCLUDED.docs,
              line = CASE WHEN EXCLUDED.line = '' THEN s.line ELSE EXCLUDED.line END
            RETURNING source, line_hash, docs""",
                    ([k[0] for k in touched], [k[1] for k in touched], [delta[k] for k in touched],
                     list(touched.values())))
        counts = {(src, key): n for src, key, n in cur.fetchall()}
    touched_keys.update(touched)
    out, flags = {}, []
    for doc_id, (result, source) in results.items():
        rec = recurring.recurring_keys(source, keys_of[doc_id], counts)
        flags += [(doc_id, k) for k in sorted(rec)]
        out[doc_id] = (recurring.apply_recurring(result, rec), source)
    if flags:
        execute_values(cur, """UPDATE staging.document_lines l SET recurring = true FROM (VALUES %s) v(doc_id, line_hash)
                               WHERE l.doc_id = v.doc_id AND l.line_hash = v.line_hash""", flags)
    return out


def _stale_documents(conn, keys: set[tuple[str, str]]) -> list[str]:
    """Documents holding one of these (source, line) pairs whose stored cleaning disagrees
    with the pair's current count (a line now recurring still kept, or the reverse).
    The partial index of migration 052 finds the lines still kept without reading the
    documents that already dropped them."""
    if not keys:
        return []
    ordered = sorted(keys)
    with conn.cursor() as cur:
        cur.execute("""
            WITH t(source, line_hash) AS (SELECT * FROM unnest(%(src)s::text[], %(key)s::text[])),
                 c AS (SELECT s.source, s.line_hash, s.docs >= %(min)s AS now_recurring
                       FROM t JOIN staging.source_lines s USING (source, line_hash))
            SELECT l.doc_id FROM c JOIN staging.document_lines l USING (source, line_hash)
            WHERE c.now_recurring AND NOT l.recurring
            UNION
            SELECT l.doc_id FROM c JOIN staging.document_lines l USING (source, line_hash)
            WHERE NOT c.now_recurring AND l.recurring
            ORDER BY 1""",
                    {"src": [k[0] for k in ordered], "key": [k[1] for k in ordered], "min": recurring.MIN_DOCS})
        out = [r[0] for r in cur.fetchall()]
    conn.rollback()
    return out


def _store_clean(cur, cleaned: list[tuple[str, object, str | None]]) -> None:
    """The chunk's cleaned documents (id, result, source), their paragraphs and removed
    blocks, by COPY (delete-insert per document: a re-run replaces, never duplicates)."""
    if not cleaned:
        return
    ids = [doc_id for doc_id, _, _ in cleaned]
    bulk.upsert(cur, "staging.documents",
                ("doc_id", "title", "clean_text", "paragraphs", "removed_blocks", "chars", "source"),
                ((doc_id, r.title, r.text, len(r.paragraphs), len(r.removed), len(r.text), source)
                 for doc_id, r, source in cleaned),
                conflict=("doc_id",), update=("title", "clean_text", "paragraphs", "removed_blocks", "chars", "source"))
    cur.execute("DELETE FROM staging.paragraphs WHERE doc_id = ANY(%s)", (ids,))
    cur.execute("DELETE FROM staging.removed_blocks WHERE doc_id = ANY(%s)", (ids,))
    bulk.copy_rows(cur, "staging.paragraphs", ("doc_id", "idx", "start_offset", "end_offset", "text"),
                   ((doc_id, i, s, e, p) for doc_id, r, _ in cleaned
                    for i, (p, (s, e)) in enumerate(zip(r.paragraphs, paragraph_offsets(r.paragraphs)))))
    bulk.copy_rows(cur, "staging.removed_blocks", ("doc_id", "idx", "position", "text", "rule"),
                   ((doc_id, i, b.index, b.text, b.rule) for doc_id, r, _ in cleaned for i, b in enumerate(r.removed)))


def _paragraphs(conn, ids: list[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {i: [] for i in ids}
    with conn.cursor() as cur:
        cur.execute("""SELECT doc_id, text FROM staging.paragraphs WHERE doc_id = ANY(%s)
                       ORDER BY doc_id, idx""", (ids,))
        for doc_id, text in cur.fetchall():
            out[doc_id].append(text)
    return out


# --- detect_language ------------------------------------------------------------------

def detect_language(conn, window: RunWindow, *, batch: Mapping | None = None) -> dict:
    """Language per paragraph and per document (character-weighted, content only)."""
    ids = batch_slice(run_doc_ids(conn, window.run_id), batch)
    languages: dict[str, int] = {}
    for chunk in _chunks(ids):
        paras = _paragraphs(conn, chunk)
        with transaction(conn) as cur:
            warehouse.lock_documents(cur, chunk)
            para_rows, doc_rows = [], []
            for doc_id in chunk:
                labels, doc_label = language_stage(paras[doc_id])
                para_rows += [(doc_id, i, l.language, l.confidence) for i, l in enumerate(labels)]
                doc_rows.append((doc_id, doc_label.language, doc_label.confidence))
                languages[doc_label.language] = languages.get(doc_label.language, 0) + 1
            _store_languages(cur, para_rows, doc_rows)
    return {"documents": len(ids), "languages": languages}


def _store_languages(cur, para_rows: list[tuple], doc_rows: list[tuple]) -> None:
    """Two UPDATEs per chunk from COPY-filled temporary tables, not two per document."""
    types = {"doc_id": "text", "idx": "integer", "language": "text", "confidence": "real"}
    if para_rows:
        tmp = bulk.staged(cur, "paragraph_languages", ("doc_id", "idx", "language", "confidence"), para_rows,
                          types=types)
        cur.execute(f"""UPDATE staging.paragraphs p SET language = v.language, confidence = v.confidence
                        FROM {tmp} v WHERE p.doc_id = v.doc_id AND p.idx = v.idx""")
    if doc_rows:
        tmp = bulk.staged(cur, "document_languages", ("doc_id", "language", "confidence"), doc_rows, types=types)
        cur.execute(f"""UPDATE staging.documents d SET language = v.language, language_confidence = v.confidence
                        FROM {tmp} v WHERE d.doc_id = v.doc_id""")


# --- deduplicate ----------------------------------------------------------------------

def deduplicate(conn, window: RunWindow) -> dict:
    """Signatures for the run's documents, then stories against the whole history
    (see dedup.store: indexed LSH bands, decided pairs, order-independent stories)."""
    ids = run_doc_ids(conn, window.run_id)
    with transaction(conn) as cur:
        return dedup_store.deduplicate(cur, ids)


# --- extract_events -------------------------------------------------------------------

def extract(conn, window: RunWindow, *, batch: Mapping | None = None) -> dict:
    """staging.documents -> staging.event_candidates (one row per extracted claim)."""
    ids = batch_slice(run_doc_ids(conn, window.run_id), batch)
    stats = {"documents": len(ids), "events": 0, "quarantined": 0}
    for chunk in _chunks(ids):
        with conn.cursor() as cur:
            cur.execute("""SELECT s.doc_id, s.clean_text, s.language, d.published_at
                           FROM staging.documents s JOIN raw.documents d USING (doc_id)
                           WHERE s.doc_id = ANY(%s) ORDER BY s.doc_id""", (chunk,))
            rows = cur.fetchall()
        with transaction(conn) as cur:
            warehouse.lock_documents(cur, chunk)
            cur.execute("DELETE FROM staging.event_candidates WHERE doc_id = ANY(%s)", (chunk,))
            out = []
            for doc_id, text, language, published in rows:
                try:
                    events = extract_stage(text, published, language)
                except Exception as exc:  # quarantined, never silently dropped
                    log.warning("extract failed for %s: %s", doc_id, exc)
                    stats["quarantined"] += _quarantine_document(cur, window, doc_id, "extract", exc)
                    continue
                for i, ev in enumerate(events):
                    out.append((doc_id, i, ev["event_id"], Json(ev)))
            bulk.copy_rows(cur, "staging.event_candidates", ("doc_id", "idx", "event_id", "event"), out)
            stats["events"] += len(out)
    _finish_counts(conn, window.run_id)
    return stats


# --- load -----------------------------------------------------------------------------

def event_month(date_start) -> date:
    """The month partition of an event (``ops.month_of`` in SQL): the first day of the
    month of ``date_start``; 0001-01-01 for an undated event."""
    if not date_start:
        return UNDATED_MONTH
    d = date_start if isinstance(date_start, date) else date.fromisoformat(str(date_start)[:10])
    return d.replace(day=1)


UNDATED_MONTH = date(1, 1, 1)
EVENT_COLUMNS = ("event_id", "type", "actor", "target", "claimed_by", "confirmation", "date_start", "date_end",
                 "country", "admin1", "place", "weapon", "target_kind", *QUANTITY_KEYS, "quantities",
                 "evidence", "evidence_doc_id", "evidence_start", "evidence_end",
                 "breakdown_parts", "breakdown_sum", "month")  # breakdown: migration 030


class InvalidClaim(ValueError):
    """A claim the warehouse's constraints refuse (its document is quarantined at load)."""


def _claim_problem(ev: dict) -> str | None:
    """Why core.events would refuse this claim (its CHECKs), before it fails the load."""
    try:
        start = date.fromisoformat(str(ev["date_start"])[:10]) if ev.get("date_start") else None
        end = date.fromisoformat(str(ev["date_end"])[:10]) if ev.get("date_end") else None
    except ValueError as exc:
        return f"unreadable date ({exc})"
    if start and end and end < start:
        return f"date_end {end} before date_start {start}"
    return None


def load(conn, window: RunWindow) -> dict:
    """Merge the run's candidates into core.events and core.event_mentions, in one
    transaction: same claim, same event row; each statement of it, one mention.

    Both tables are partitioned by the event's month (migration 050); the event id
    hashes the claim's date, so (event_id, month) is as unique as event_id, and every
    statement names the months it touches so PostgreSQL visits only those partitions."""
    ids = run_doc_ids(conn, window.run_id)
    with transaction(conn) as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", (LOAD_LOCK,))
        cur.execute("SELECT doc_id, event_id, event FROM staging.event_candidates WHERE doc_id = ANY(%s) "
                    "ORDER BY doc_id, idx", (ids,))
        candidates = cur.fetchall()
        cur.execute("""DELETE FROM core.event_mentions WHERE doc_id = ANY(%s)
                       RETURNING event_id, month""", (ids,))
        touched = set(cur.fetchall())
        events, mentions, refused = {}, set(), set()
        for doc_id, event_id, ev in candidates:
            problem = _claim_problem(ev)
            if problem:  # one impossible claim is quarantined, the run's other claims load
                if doc_id not in refused:
                    log.warning("load refused a claim of %s: %s", doc_id, problem)
                    _quarantine_document(cur, window, doc_id, "load", InvalidClaim(problem))
                    refused.add(doc_id)
                continue
            month = event_month(ev.get("date_start"))
            touched.add((event_id, month))
            q = ev.get("quantities") or {}
            checks = ev.get("checks") or {}  # a total's breakdown (migration 030)
            if event_id not in events:
                events[event_id] = (
                    event_id, ev["type"], ev.get("actor"), ev.get("target"), ev.get("claimed_by"),
                    ev.get("confirmation"), ev.get("date_start"), ev.get("date_end"), ev.get("country"),
                    ev.get("admin1"), ev.get("place"), ev.get("weapon"), ev.get("target_kind"),
                    *[q.get(k) for k in QUANTITY_KEYS], Json(q),
                    ev["evidence"], doc_id, ev["evidence_start"], ev["evidence_end"],
                    checks.get("parts"), checks.get("parts_sum"), month)
            for m in ev.get("mentions") or [{"start": ev["evidence_start"], "end": ev["evidence_end"],
                                            "evidence": ev["evidence"]}]:
                mentions.add((event_id, month, doc_id, m["start"], m["end"], m.get("evidence") or ev["evidence"]))
        months = sorted({m for _, m in touched})
        if events:
            for table in ("core.events", "core.event_mentions"):
                cur.execute("SELECT ops.ensure_month_partitions(%s::regclass, %s::date[])",
                            (table, sorted({e[-1] for e in events.values()})))
            bulk.upsert(cur, "core.events", EVENT_COLUMNS, list(events.values()), conflict=("event_id", "month"))
        if mentions:
            bulk.upsert(cur, "core.event_mentions",
                        ("event_id", "month", "doc_id", "start_offset", "end_offset", "evidence"), sorted(mentions),
                        conflict=("doc_id", "start_offset", "end_offset", "event_id", "month"))
        touched_ids = sorted({e for e, _ in touched})
        # The event's evidence is its first mention in (document, offset) order: stable
        # whatever order documents were loaded in. Events left with no mention go.
        cur.execute("""
            UPDATE core.events e SET evidence = m.evidence, evidence_doc_id = m.doc_id,
                   evidence_start = m.start_offset, evidence_end = m.end_offset
            FROM (SELECT DISTINCT ON (event_id) event_id, month, doc_id, start_offset, end_offset, evidence
                  FROM core.event_mentions WHERE event_id = ANY(%s) AND month = ANY(%s::date[])
                  ORDER BY event_id, doc_id, start_offset, end_offset) m
            WHERE e.event_id = m.event_id AND e.month = m.month AND e.month = ANY(%s::date[])
              AND (e.evidence, e.evidence_doc_id, e.evidence_start, e.evidence_end)
                  IS DISTINCT FROM (m.evidence, m.doc_id, m.start_offset, m.end_offset)""",
                    (touched_ids, months, months))
        cur.execute("""DELETE FROM core.events e WHERE e.event_id = ANY(%s) AND e.month = ANY(%s::date[])
                       AND NOT EXISTS (SELECT 1 FROM core.event_mentions m
                                       WHERE m.event_id = e.event_id AND m.month = e.month)""",
                    (touched_ids, months))
    if refused:
        _finish_counts(conn, window.run_id)
    return {"documents": len(ids), "events": len(events), "mentions": len(mentions), "refused": len(refused)}


STAGES = ("clean", "detect_language", "deduplicate", "extract", "load")


def run_all(conn, window: RunWindow, *, max_bytes: int | None = None) -> dict:
    """Every stage in order, as the DAG runs them (used by ``newsevents load``)."""
    out = {"discover": discover(conn, window, max_bytes=max_bytes)}
    out["clean"] = clean(conn, window)
    out["detect_language"] = detect_language(conn, window)
    out["deduplicate"] = deduplicate(conn, window)
    out["extract"] = extract(conn, window)
    out["load"] = load(conn, window)
    out["marts"] = warehouse.refresh_marts(conn)
    return out


def summary(conn) -> dict:
    """What the warehouse holds, read back for ``make run`` and the CLI."""
    def q(sql, params=None):
        with conn.cursor() as cur:
            cur.execute(sql, params)
            return cur.fetchall()

    out = {
        "documents": q("SELECT count(*) FROM raw.documents")[0][0],
        "sources": q("SELECT count(*) FROM raw.document_sources")[0][0],
        "quarantined": q("SELECT count(*) FROM ops.quarantine")[0][0],
        "languages": dict(q("SELECT coalesce(language, 'und'), count(*) FROM staging.documents GROUP BY 1 ORDER BY 1")),
        "paragraph_languages": dict(q("SELECT coalesce(language, 'und'), count(*) FROM staging.paragraphs GROUP BY 1 ORDER BY 1")),
        "removed_blocks": q("SELECT count(*) FROM staging.removed_blocks")[0][0],
        "stories": q("SELECT count(DISTINCT story_id) FROM core.document_stories")[0][0],
        "duplicate_documents": q("SELECT count(*) FROM core.document_stories WHERE duplicate_of IS NOT NULL")[0][0],
        "repeated_paragraphs": q("SELECT count(*) FROM staging.paragraphs WHERE repeat_of IS NOT NULL")[0][0],
        "events_by_type": dict(q("SELECT type, count(*) FROM core.events GROUP BY 1 ORDER BY 2 DESC, 1")),
        "mentions": q("SELECT count(*) FROM core.event_mentions")[0][0],
        "sample_events": [
            dict(zip(("type", "claimed_by", "admin1", "place", "weapon", "date_start", "quantities", "evidence"), r))
            for r in q("""SELECT type, claimed_by, admin1, place, weapon, date_start::text, quantities::text, evidence
                          FROM core.events ORDER BY (launched IS NULL AND destroyed IS NULL), type, event_id LIMIT 5""")],
    }
    out["reconciliation"] = [
        dict(zip(("night", "weapon_group", "reference", "extracted", "status"), r))
        for r in q("""SELECT night::text, weapon_group,
                             concat_ws('/', reference_launched, reference_destroyed, reference_lost),
                             concat_ws('/', extracted_launched, extracted_destroyed, extracted_lost), status
                      FROM mart.air_force_reconciliation WHERE extracted_claims > 0
                      ORDER BY night, weapon_group LIMIT 20""")]
    conn.rollback()
    return out
