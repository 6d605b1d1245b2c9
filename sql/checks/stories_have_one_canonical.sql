-- Each story has exactly one canonical member, and it is the story's id.
SELECT story_id, count(*) FILTER (WHERE duplicate_of IS NULL) AS canonicals
FROM core.document_stories GROUP BY story_id
HAVING count(*) FILTER (WHERE duplicate_of IS NULL AND doc_id = story_id) <> 1;
