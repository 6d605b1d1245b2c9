-- mart.documents: one row per document.
--   doc_id, source_paths (all names it was seen under), published_at, url
--   language, language_confidence: of the cleaned content
--   story_id, duplicate_of: its duplicate cluster and canonical member
--   chars, paragraphs, removed_blocks: size after cleaning, and what cleaning removed
--   events: claims stated in it
CREATE VIEW mart.documents AS
SELECT d.doc_id, src.source_paths, d.published_at, d.url, d.bytes,
       s.language, s.language_confidence, st.story_id, st.duplicate_of,
       s.chars, s.paragraphs, s.removed_blocks,
       (SELECT count(DISTINCT event_id) FROM core.event_mentions m WHERE m.doc_id = d.doc_id) AS events
FROM raw.documents d
LEFT JOIN staging.documents s USING (doc_id)
LEFT JOIN core.document_stories st USING (doc_id)
LEFT JOIN LATERAL (SELECT array_agg(source_path ORDER BY source_path) AS source_paths
                   FROM raw.document_sources x WHERE x.doc_id = d.doc_id) src ON true;
