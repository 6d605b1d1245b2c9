-- Monthly partitions for the claim tables: core.events and core.event_mentions.
--
-- Safe on an existing warehouse and safe to run again: it converts the tables only when
-- they are not partitioned yet, moving every existing row into its month's partition.
--
-- Keys. PostgreSQL requires the partition key in every unique key of a partitioned
-- table. The partition key is `month`, the first day of the month of the event's
-- `date_start` (0001-01-01, partition `*_undated`, for an undated claim), enforced by a
-- CHECK. An event's id is a hash of the claim's fields, date_start among them, so the id
-- already determines the month: PRIMARY KEY (event_id, month) is exactly as strict as
-- the old PRIMARY KEY (event_id), ON CONFLICT (event_id, month) upserts the same rows,
-- and a mention's FOREIGN KEY (event_id, month) points at the one event it points at
-- today. Content rows hold no wall-clock value, so table checksums still compare equal
-- across re-runs and arrival orders.
--
-- Partitions are created on demand by ops.ensure_month_partitions (the load task calls
-- it for the months it is about to write; an advisory lock serialises concurrent
-- callers), so a ten-year backfill holds about 120 partitions, not a pre-made calendar.
--
-- Not partitioned by month, and why:
--   raw.documents, raw.document_sources, staging.documents, staging.paragraphs (and the
--   other per-document tables). A document's identity is the SHA-256 of its bytes and
--   every stage reaches its rows by that hash, never by date. A month key would have to
--   join every unique key, so doc_id alone would no longer be unique unless a second,
--   unpartitioned table kept the identity; the month itself is not fixed (a document's
--   published_at is the earliest of its sources, and a later source can move it); and
--   a lookup by hash without the month visits every partition. Measured on this machine
--   (bench/pipeline/partition_probe.py, 1 M rows, 120 monthly partitions): fetching 500
--   documents by hash takes about 3 ms unpartitioned and about 500 ms partitioned, with
--   or without a month list, and a join through an id -> month table still picks a
--   hash join over every partition (about 330 ms): about 1 ms per document, more than
--   the whole per-document budget of the throughput targets. These tables stay keyed by
--   hash; raw.documents keeps its published_at index for date queries.

CREATE OR REPLACE FUNCTION ops.month_of(d date) RETURNS date
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN coalesce(d - (extract(day FROM d)::integer - 1), DATE '0001-01-01');

-- Create the month partitions of `parent` that `months` need and do not exist yet.
CREATE OR REPLACE FUNCTION ops.ensure_month_partitions(parent regclass, months date[]) RETURNS integer
    LANGUAGE plpgsql AS $$
DECLARE
    m date;
    nsp text;
    rel text;
    part text;
    created integer := 0;
BEGIN
    SELECT n.nspname, c.relname INTO nsp, rel
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = parent;
    PERFORM pg_advisory_xact_lock(7345010);
    FOR m IN SELECT DISTINCT ops.month_of(x) FROM unnest(months) AS x ORDER BY 1 LOOP
        part := CASE WHEN m = DATE '0001-01-01' THEN rel || '_undated' ELSE rel || '_' || to_char(m, 'YYYY_MM') END;
        IF to_regclass(format('%I.%I', nsp, part)) IS NULL THEN
            EXECUTE format('CREATE TABLE %I.%I PARTITION OF %I.%I FOR VALUES FROM (%L) TO (%L)',
                           nsp, part, nsp, rel, m,
                           CASE WHEN m = DATE '0001-01-01' THEN m + 1 ELSE (m + interval '1 month')::date END);
            created := created + 1;
        END IF;
    END LOOP;
    RETURN created;
END $$;

DO $$
DECLARE
    months date[];
BEGIN
    IF EXISTS (SELECT 1 FROM pg_partitioned_table WHERE partrelid = 'core.events'::regclass) THEN
        RETURN;
    END IF;
    -- The views read the old tables; migrate recreates every mart after the migrations.
    DROP SCHEMA IF EXISTS mart CASCADE;
    CREATE SCHEMA mart;

    ALTER TABLE core.event_mentions RENAME TO event_mentions_before_050;
    ALTER INDEX core.event_mentions_pkey RENAME TO event_mentions_before_050_pkey;
    ALTER INDEX core.event_mentions_event_idx RENAME TO event_mentions_before_050_event_idx;
    ALTER TABLE core.events RENAME TO events_before_050;
    ALTER INDEX core.events_pkey RENAME TO events_before_050_pkey;
    ALTER INDEX core.events_type_date_idx RENAME TO events_before_050_type_date_idx;

    -- LIKE keeps every column and CHECK an earlier migration may have added.
    CREATE TABLE core.events (
        LIKE core.events_before_050 INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        month date NOT NULL,
        PRIMARY KEY (event_id, month),
        CONSTRAINT events_month_check CHECK (month = ops.month_of(date_start))
    ) PARTITION BY RANGE (month);
    CREATE INDEX events_type_date_idx ON core.events (type, date_start);

    CREATE TABLE core.event_mentions (
        LIKE core.event_mentions_before_050 INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
        month date NOT NULL,
        PRIMARY KEY (doc_id, start_offset, end_offset, event_id, month),
        FOREIGN KEY (event_id, month) REFERENCES core.events (event_id, month) ON DELETE CASCADE,
        FOREIGN KEY (doc_id) REFERENCES staging.documents (doc_id) ON DELETE CASCADE
    ) PARTITION BY RANGE (month);
    CREATE INDEX event_mentions_event_idx ON core.event_mentions (event_id, month);

    months := ARRAY(SELECT DISTINCT ops.month_of(date_start) FROM core.events_before_050);
    PERFORM ops.ensure_month_partitions('core.events', months);
    PERFORM ops.ensure_month_partitions('core.event_mentions', months);
    INSERT INTO core.events SELECT e.*, ops.month_of(e.date_start) FROM core.events_before_050 e;
    INSERT INTO core.event_mentions
        SELECT m.*, ops.month_of(e.date_start)
        FROM core.event_mentions_before_050 m JOIN core.events_before_050 e USING (event_id);
    DROP TABLE core.event_mentions_before_050;
    DROP TABLE core.events_before_050;
END $$;
