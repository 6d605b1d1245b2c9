-- Rendered analyst reports, stored in the warehouse so any machine can serve the latest
-- one (the Airflow api-server plugin reads it from here; tasks never pass files around).
-- Keyed by the report name and the SHA-256 of its HTML: re-rendering the same data
-- stores nothing new. `generation` orders reports (latest = highest) without a wall
-- clock; it moves only when a different page than the current latest is stored.
CREATE SCHEMA IF NOT EXISTS ops;

CREATE SEQUENCE IF NOT EXISTS ops.reports_generation_seq;

CREATE TABLE IF NOT EXISTS ops.reports (
    name        text NOT NULL,
    sha256      text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    run_id      text NOT NULL,              -- the DAG run (or CLI invocation) that rendered it
    generation  bigint NOT NULL DEFAULT nextval('ops.reports_generation_seq'),
    bytes       integer NOT NULL CHECK (bytes >= 0),
    html        text NOT NULL,
    PRIMARY KEY (name, sha256)
);
CREATE INDEX IF NOT EXISTS reports_latest_idx ON ops.reports (name, generation DESC);
