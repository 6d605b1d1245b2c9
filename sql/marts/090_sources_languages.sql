-- mart.sources_languages: documents and claims per source and language.
--   source      the sidecar's source, else the URL's host, else the input's folder
--   language    document language (content paragraphs, character-weighted)
--   documents   distinct documents; duplicates: of those, members of a story that are not canonical
--   events      distinct claims stated in them
CREATE VIEW mart.sources_languages AS
WITH doc AS (
    SELECT d.doc_id,
           coalesce(d.source, substring(d.url FROM '^[a-z]+://([^/:]+)'),
                    (SELECT regexp_replace(min(s.source_path), '/[^/]*$', '') FROM raw.document_sources s
                     WHERE s.doc_id = d.doc_id)) AS source,
           coalesce(sd.language, 'und') AS language
    FROM raw.documents d LEFT JOIN staging.documents sd USING (doc_id)
)
SELECT doc.source, doc.language, count(*) AS documents,
       count(*) FILTER (WHERE st.duplicate_of IS NOT NULL) AS duplicates,
       (SELECT count(DISTINCT m.event_id) FROM core.event_mentions m
        WHERE m.doc_id IN (SELECT x.doc_id FROM doc x WHERE x.source = doc.source AND x.language = doc.language)) AS events
FROM doc LEFT JOIN core.document_stories st USING (doc_id)
GROUP BY doc.source, doc.language;
