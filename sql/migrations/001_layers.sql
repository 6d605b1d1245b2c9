-- Layered warehouse: raw -> staging -> core -> mart, plus ops (runs, quarantine).
-- Safe to rerun: every statement is IF NOT EXISTS.
-- Content tables hold no wall-clock timestamps, so re-running a day or a backfill
-- leaves byte-identical rows (table checksums compare equal).

CREATE SCHEMA IF NOT EXISTS ops;
CREATE SCHEMA IF NOT EXISTS raw;
CREATE SCHEMA IF NOT EXISTS staging;
CREATE SCHEMA IF NOT EXISTS core;
CREATE SCHEMA IF NOT EXISTS mart;

-- One row per pipeline run (an Airflow DAG run or a CLI load).
CREATE TABLE IF NOT EXISTS ops.runs (
    run_id          text PRIMARY KEY,
    archive         text NOT NULL,
    interval_start  timestamptz,
    interval_end    timestamptz,
    whole_archive   boolean NOT NULL DEFAULT false,
    discovered      integer NOT NULL DEFAULT 0,
    processed       integer NOT NULL DEFAULT 0,
    quarantined     integer NOT NULL DEFAULT 0
);

-- Inputs that could not be processed, with the stage and the reason. Never dropped.
CREATE TABLE IF NOT EXISTS ops.quarantine (
    input_path      text NOT NULL,
    input_hash      text NOT NULL DEFAULT '',
    stage           text NOT NULL,
    reason          text NOT NULL,
    detail          text NOT NULL DEFAULT '',
    run_id          text NOT NULL,
    quarantined_at  timestamptz,          -- the run's logical time, not the wall clock
    PRIMARY KEY (run_id, input_path, input_hash, stage)
);
CREATE INDEX IF NOT EXISTS quarantine_input_idx ON ops.quarantine (input_path, input_hash);

-- Immutable documents keyed by the SHA-256 of their (decompressed) bytes.
CREATE TABLE IF NOT EXISTS raw.documents (
    doc_id          text PRIMARY KEY CHECK (doc_id ~ '^[0-9a-f]{64}$'),
    content         bytea NOT NULL,
    bytes           integer NOT NULL CHECK (bytes >= 0),
    text            text NOT NULL,
    encoding        text NOT NULL,
    is_html         boolean NOT NULL,
    published_at    date,
    url             text,
    source          text
);

-- Where each document was seen: the same bytes under two names are one document.
CREATE TABLE IF NOT EXISTS raw.document_sources (
    source_path     text NOT NULL,
    doc_id          text NOT NULL REFERENCES raw.documents (doc_id),
    name            text NOT NULL,
    published_at    date,
    url             text,
    source          text,
    sidecar_problems text[] NOT NULL DEFAULT '{}',
    PRIMARY KEY (source_path, doc_id)
);
CREATE INDEX IF NOT EXISTS document_sources_doc_idx ON raw.document_sources (doc_id);
CREATE INDEX IF NOT EXISTS documents_published_idx ON raw.documents (published_at);

-- Every input a run discovered in its window, and the document it became (NULL when it
-- was quarantined before it had one). Every later stage selects its work through this,
-- and discovered = processed + quarantined is counted from it.
CREATE TABLE IF NOT EXISTS raw.run_inputs (
    run_id          text NOT NULL REFERENCES ops.runs (run_id) ON DELETE CASCADE,
    source_path     text NOT NULL,
    doc_id          text REFERENCES raw.documents (doc_id),
    PRIMARY KEY (run_id, source_path)
);
CREATE INDEX IF NOT EXISTS run_inputs_doc_idx ON raw.run_inputs (doc_id);

-- Cleaned text, one row per document.
CREATE TABLE IF NOT EXISTS staging.documents (
    doc_id              text PRIMARY KEY REFERENCES raw.documents (doc_id),
    title               text,
    clean_text          text NOT NULL,
    language            text,
    language_confidence real,
    paragraphs          integer NOT NULL,
    removed_blocks      integer NOT NULL,
    chars               integer NOT NULL
);

CREATE TABLE IF NOT EXISTS staging.paragraphs (
    doc_id          text NOT NULL REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    idx             integer NOT NULL,
    start_offset    integer NOT NULL,
    end_offset      integer NOT NULL,
    text            text NOT NULL,
    language        text,
    confidence      real,
    repeat_of       integer,              -- index of an earlier paragraph it repeats
    PRIMARY KEY (doc_id, idx)
);

-- The audit trail of cleaning: every removed block and the rule that removed it.
CREATE TABLE IF NOT EXISTS staging.removed_blocks (
    doc_id          text NOT NULL REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    idx             integer NOT NULL,
    position        integer NOT NULL,
    text            text NOT NULL,
    rule            text NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

-- Dedup signatures: looked up through indexed SimHash bands, never by a scan.
CREATE TABLE IF NOT EXISTS core.document_signatures (
    doc_id          text PRIMARY KEY REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    exact_hash      text NOT NULL,
    simhash         bigint NOT NULL,
    band0           integer NOT NULL,
    band1           integer NOT NULL,
    band2           integer NOT NULL,
    band3           integer NOT NULL,
    facts           text[] NOT NULL,
    length          integer NOT NULL,
    published_at    date
);
CREATE INDEX IF NOT EXISTS signatures_exact_idx ON core.document_signatures (exact_hash);
CREATE INDEX IF NOT EXISTS signatures_band0_idx ON core.document_signatures (band0);
CREATE INDEX IF NOT EXISTS signatures_band1_idx ON core.document_signatures (band1);
CREATE INDEX IF NOT EXISTS signatures_band2_idx ON core.document_signatures (band2);
CREATE INDEX IF NOT EXISTS signatures_band3_idx ON core.document_signatures (band3);

-- Stories: clusters of duplicate documents. story_id is the canonical member's doc_id,
-- the member with the earliest published_at (then the smallest doc_id): arrival order
-- does not matter.
CREATE TABLE IF NOT EXISTS core.document_stories (
    doc_id          text PRIMARY KEY REFERENCES core.document_signatures (doc_id) ON DELETE CASCADE,
    story_id        text NOT NULL,
    duplicate_of    text,
    method          text NOT NULL CHECK (method IN ('canonical', 'exact', 'near'))
);
CREATE INDEX IF NOT EXISTS document_stories_story_idx ON core.document_stories (story_id);

-- One event = one party's claim (CONTRACT.md). event_id is a hash of the claim's fields,
-- so the same claim from many documents is one row with many mentions.
CREATE TABLE IF NOT EXISTS core.events (
    event_id        text PRIMARY KEY,
    type            text NOT NULL CHECK (type IN ('air_attack', 'strike', 'territorial_claim',
                        'ground_assault', 'troop_deployment', 'equipment_loss', 'arms_transfer',
                        'diplomatic_meeting', 'personnel_change')),
    actor           text,
    target          text,
    claimed_by      text,
    confirmation    text CHECK (confirmation IN ('unverified', 'confirmed', 'denied')),
    date_start      date,
    date_end        date,
    country         text,
    admin1          text,
    place           text,
    weapon          text,
    target_kind     text,
    launched        integer,
    destroyed       integer,
    lost            integer,
    killed          integer,
    injured         integer,
    damaged         integer,
    count           integer,
    quantities      jsonb NOT NULL DEFAULT '{}',
    evidence        text NOT NULL,
    evidence_doc_id text NOT NULL,
    evidence_start  integer NOT NULL,
    evidence_end    integer NOT NULL,
    CHECK (date_end IS NULL OR date_start IS NULL OR date_end >= date_start)
);
CREATE INDEX IF NOT EXISTS events_type_date_idx ON core.events (type, date_start);

-- What extraction found in each document, before the load merges claims into core.
CREATE TABLE IF NOT EXISTS staging.event_candidates (
    doc_id          text NOT NULL REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    idx             integer NOT NULL,
    event_id        text NOT NULL,
    event           jsonb NOT NULL,
    PRIMARY KEY (doc_id, idx)
);

CREATE TABLE IF NOT EXISTS core.event_mentions (
    event_id        text NOT NULL REFERENCES core.events (event_id) ON DELETE CASCADE,
    doc_id          text NOT NULL REFERENCES staging.documents (doc_id) ON DELETE CASCADE,
    start_offset    integer NOT NULL,
    end_offset      integer NOT NULL,
    evidence        text NOT NULL,
    PRIMARY KEY (doc_id, start_offset, end_offset, event_id)
);
CREATE INDEX IF NOT EXISTS event_mentions_event_idx ON core.event_mentions (event_id);
