-- LZ4 instead of pglz for the large text and bytea columns (what TOAST compresses).
--
-- Why: raw.documents stores each input twice (its bytes and its decoded text) and HTML
-- pages run to hundreds of KB, so compression is a large share of the write cost. On
-- 300 of the benchmark's HTML pages (55 MB) COPY into such a table took 3.3-3.8 s with
-- pglz and 1.5-2.0 s with lz4, for the same stored size (35 MB vs 34 MB).
-- Only rows written from now on use it; existing rows stay readable as they are.
-- Safe to rerun; a server built without lz4 keeps pglz (the statement is skipped).
DO $$
BEGIN
    ALTER TABLE raw.documents ALTER COLUMN content SET COMPRESSION lz4,
                              ALTER COLUMN text SET COMPRESSION lz4;
    ALTER TABLE staging.documents ALTER COLUMN clean_text SET COMPRESSION lz4;
    ALTER TABLE staging.paragraphs ALTER COLUMN text SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN
    RAISE NOTICE 'lz4 is not available on this server: TOAST compression stays pglz';
END $$;
