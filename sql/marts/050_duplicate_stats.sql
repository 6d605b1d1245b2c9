-- mart.duplicate_stats: stories with more than one document.
--   story_id       the canonical document's id
--   documents      members of the story
--   exact, near    members that are exact / near duplicates of the canonical
CREATE VIEW mart.duplicate_stats AS
SELECT story_id, count(*) AS documents,
       count(*) FILTER (WHERE method = 'exact') AS exact,
       count(*) FILTER (WHERE method = 'near') AS near
FROM core.document_stories GROUP BY story_id HAVING count(*) > 1;
