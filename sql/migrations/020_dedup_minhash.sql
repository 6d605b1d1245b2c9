-- Near-duplicate detection, second version (issue 6): MinHash LSH bands indexed by
-- publication day, the decided pairs, stories as constrained components, and
-- paragraphs repeated across a story's documents.
-- Signatures and stories are derived data: this migration replaces the SimHash tables,
-- and the next deduplicate run over the archive (make run, newsevents load) rebuilds them.

DROP TABLE IF EXISTS core.document_stories CASCADE;
DROP TABLE IF EXISTS core.document_signatures CASCADE;

-- One row per deduplicated document. sig_id, the compact key of the band index, is the
-- first 60 bits of doc_id (a SHA-256), so it does not depend on arrival order.
-- Exact copies (same exact_hash) share every band key, so they need no index of their own.
CREATE TABLE core.document_signatures (
    doc_id          text PRIMARY KEY REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    sig_id          bigint NOT NULL UNIQUE,
    exact_hash      text NOT NULL,          -- SHA-256 of the folded token stream
    shingles        integer NOT NULL,       -- distinct word 3-shingles of the body
    published_at    date
);

-- LSH band keys (32 per document, 2 MinHash rows each, 32-bit: keys are only compared
-- within a day, where a chance collision is one in millions). Keyed by day first: a
-- day's documents are written and looked up together, so the index pages a run touches
-- are the few days it covers, whatever the size of the archive. A dated document looks
-- its keys up on its own day, the day before and the day after, and among undated
-- documents (day NULL); an undated one on every day of core.signature_days.
-- Rows are removed by dedup.store (a re-run finds them under the document's day), not
-- by a foreign key: a key check per band row would double the cost of writing them.
CREATE TABLE core.signature_bands (
    day             date,
    band            integer NOT NULL,
    sig_id          bigint NOT NULL
);
CREATE INDEX signature_bands_lookup_idx ON core.signature_bands (day, band) INCLUDE (sig_id);

-- The publication days that have signatures: what an undated document is looked up on.
CREATE TABLE core.signature_days (
    day             date PRIMARY KEY
);

-- Every candidate pair the decision accepted (duplicate) or vetoed because the same
-- wording states other facts (a cannot-link: the two never share a story).
CREATE TABLE core.document_pairs (
    doc_a           text NOT NULL REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    doc_b           text NOT NULL REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    duplicate       boolean NOT NULL,
    method          text NOT NULL CHECK (method IN ('exact', 'near', 'facts')),
    likeness        real NOT NULL,          -- word-multiset Jaccard: what stories are joined by
    detail          text NOT NULL DEFAULT '',
    PRIMARY KEY (doc_a, doc_b),
    CHECK (doc_a < doc_b)
);
CREATE INDEX document_pairs_b_idx ON core.document_pairs (doc_b);

-- Stories: story_id is the canonical member's doc_id (earliest published, then the
-- smallest doc_id), so arrival order does not matter.
CREATE TABLE core.document_stories (
    doc_id          text PRIMARY KEY REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    story_id        text NOT NULL,
    duplicate_of    text,
    method          text NOT NULL CHECK (method IN ('canonical', 'exact', 'near'))
);
CREATE INDEX document_stories_story_idx ON core.document_stories (story_id);

-- repeat_of keeps its meaning (an earlier paragraph of the same document). A paragraph
-- that restates one of an earlier-ranked document of the same story points there too.
ALTER TABLE staging.paragraphs ADD COLUMN IF NOT EXISTS repeat_doc_id text;
ALTER TABLE staging.paragraphs ADD COLUMN IF NOT EXISTS repeat_doc_idx integer;
