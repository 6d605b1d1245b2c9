-- The search for documents a count change made stale (tasks._stale_documents) asks, for
-- the lines a batch touched, which documents still keep a line now recurring. A line on
-- every page of a big site is held by most of its documents, nearly all of which already
-- dropped it: this partial index holds only the documents that still keep a line, so the
-- search reads those and not the whole source's history.
CREATE INDEX IF NOT EXISTS document_lines_kept_idx ON staging.document_lines (source, line_hash)
    WHERE NOT recurring;
