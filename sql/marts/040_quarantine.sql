-- mart.quarantine: inputs that were not processed, and why: one row per input and
-- stage, from the latest run that met it.
--   input_path, input_hash (sha256 of the bytes when they could be read), stage, reason,
--   detail, run_id, quarantined_at (the run's logical time), runs (how many runs met it)
CREATE VIEW mart.quarantine AS
SELECT DISTINCT ON (input_path, input_hash, stage)
       input_path, input_hash, stage, reason, detail, run_id, quarantined_at,
       count(*) OVER (PARTITION BY input_path, input_hash, stage) AS runs
FROM ops.quarantine
ORDER BY input_path, input_hash, stage, quarantined_at DESC NULLS LAST, run_id DESC;
