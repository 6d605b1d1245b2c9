-- Evidence is copied from the cleaned text at the offsets stored with it.
SELECT m.event_id, m.doc_id, m.start_offset
FROM core.event_mentions m JOIN staging.documents d USING (doc_id)
WHERE substr(d.clean_text, m.start_offset + 1, m.end_offset - m.start_offset) <> m.evidence;
