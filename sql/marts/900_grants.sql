-- The read-only reporting role (created by scripts/pg.sh, or by the DBA elsewhere) reads
-- the marts and nothing else.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'news_reader') THEN
        GRANT USAGE ON SCHEMA mart TO news_reader;
        GRANT SELECT ON ALL TABLES IN SCHEMA mart TO news_reader;
    END IF;
END $$;
