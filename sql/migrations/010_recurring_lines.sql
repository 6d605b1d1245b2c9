-- Per-source learning of recurring lines (include/newsevents/recurring.py).
-- A document's cleaned lines, keyed by source and line hash, and per source and line the
-- number of distinct documents holding it. A line in at least recurring.MIN_DOCS
-- documents of its source is boilerplate. The counts depend only on which documents are
-- loaded, never on the order; a document whose stored cleaning disagrees with the counts
-- (document_lines.recurring) is cleaned again, so a backfill ends the same in any order.

-- The lines of each document's cleaning before recurring lines are removed.
CREATE TABLE IF NOT EXISTS staging.document_lines (
    doc_id          text NOT NULL REFERENCES raw.documents (doc_id) ON DELETE CASCADE,
    line_hash       text NOT NULL,
    source          text NOT NULL,
    recurring       boolean NOT NULL DEFAULT false,  -- the counts said so when it was cleaned
    PRIMARY KEY (doc_id, line_hash)
);
CREATE INDEX IF NOT EXISTS document_lines_source_idx ON staging.document_lines (source, line_hash);

-- Per source and line: distinct documents holding it, and the line itself (for the audit).
CREATE TABLE IF NOT EXISTS staging.source_lines (
    source          text NOT NULL,
    line_hash       text NOT NULL,
    docs            integer NOT NULL CHECK (docs >= 0),
    line            text NOT NULL,
    PRIMARY KEY (source, line_hash)
);

ALTER TABLE staging.documents ADD COLUMN IF NOT EXISTS source text;

-- Documents outside a run that the run cleaned again (their lines became recurring):
-- the run's later stages (language, dedup, extraction, load) process them too.
CREATE TABLE IF NOT EXISTS ops.run_recleaned (
    run_id          text NOT NULL REFERENCES ops.runs (run_id) ON DELETE CASCADE,
    doc_id          text NOT NULL REFERENCES raw.documents (doc_id),
    PRIMARY KEY (run_id, doc_id)
);
