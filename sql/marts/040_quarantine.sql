-- mart.quarantine: inputs that were not processed, and why (one row per input and stage).
CREATE OR REPLACE VIEW mart.quarantine AS
SELECT input_path, input_hash, stage, reason, detail, run_id, quarantined_at
FROM ops.quarantine;
