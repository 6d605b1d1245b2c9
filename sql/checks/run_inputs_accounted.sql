-- Every input a run discovered was processed (cleaned) or quarantined with a reason:
-- nothing is silently dropped.
SELECT i.run_id, i.source_path FROM raw.run_inputs i
WHERE NOT EXISTS (SELECT 1 FROM staging.documents s WHERE s.doc_id = i.doc_id)
  AND NOT EXISTS (SELECT 1 FROM ops.quarantine q WHERE q.run_id = i.run_id AND q.input_path = i.source_path);
