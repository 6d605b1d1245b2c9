-- Near-duplicate detection, second version (issue 6): MinHash LSH bands indexed by
-- publication day, the decided pairs, stories as constrained components, and
-- paragraphs repeated across a story's documents.
-- Signatures and stories are derived data: this migration replaces the SimHash tables,
-- and the next deduplicate run over the archive (make run, newsevents load) rebuilds them.

DROP TABLE IF EXISTS core.document_stories CASCADE;
DROP TABLE IF EXISTS core.document_signatures CASCADE;

-- One row per deduplicated document. sig_id, the compact key of the band index, is the
-- first 60 bits of doc_id (a SHA-256), so it does not depend on arrival order.
CREATE TABLE core.document_signatures (
    doc_id          text PRIMARY KEY REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    sig_id          bigint NOT NULL UNIQUE,
    exact_hash      text NOT NULL,          -- SHA-256 of the folded token stream
    shingles        integer NOT NULL,       -- distinct word 3-shingles
    published_at    date
);
CREATE INDEX signatures_exact_idx ON core.document_signatures (exact_hash);

-- LSH band keys (32 per document, 2 MinHash rows each). A dated document looks up its
-- keys on its own publication day and among undated documents; an undated one on
-- every day. The (band, day) index makes the lookup cost independent of history size.
CREATE TABLE core.signature_bands (
    band            bigint NOT NULL,
    day             date,
    sig_id          bigint NOT NULL REFERENCES core.document_signatures (sig_id) ON DELETE CASCADE
);
CREATE INDEX signature_bands_lookup_idx ON core.signature_bands (band, day) INCLUDE (sig_id);
CREATE INDEX signature_bands_sig_idx ON core.signature_bands (sig_id);

-- Every candidate pair the decision accepted (duplicate) or vetoed because the same
-- wording states other facts (a cannot-link: the two never share a story).
CREATE TABLE core.document_pairs (
    doc_a           text NOT NULL REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    doc_b           text NOT NULL REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    duplicate       boolean NOT NULL,
    method          text NOT NULL CHECK (method IN ('exact', 'near', 'facts')),
    jaccard         real NOT NULL,
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
