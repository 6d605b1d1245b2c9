-- mart.story_links: pairs of stories that state the same specific claims, whatever the
-- language: the same report in Romanian and in English is two stories (text never
-- matches across languages) linked here through its events.
--   story_a, story_b          the two stories (story_a < story_b)
--   shared_claims             claims (core.events) both state
--   languages_a, languages_b  document languages of each story
--   cross_language            the stories share no language
-- A claim counts when it is specific: it has a quantity or a place.
CREATE VIEW mart.story_links AS
WITH specific AS (
    SELECT event_id FROM core.events
    WHERE quantities <> '{}'::jsonb OR place IS NOT NULL OR admin1 IS NOT NULL),
story_claims AS (
    SELECT DISTINCT st.story_id, m.event_id
    FROM core.event_mentions m
    JOIN specific USING (event_id)
    JOIN core.document_stories st ON st.doc_id = m.doc_id),
story_languages AS (
    SELECT st.story_id, array_agg(DISTINCT coalesce(d.language, 'und') ORDER BY coalesce(d.language, 'und')) AS languages
    FROM core.document_stories st JOIN staging.documents d USING (doc_id)
    GROUP BY st.story_id)
SELECT a.story_id AS story_a, b.story_id AS story_b, count(*) AS shared_claims,
       la.languages AS languages_a, lb.languages AS languages_b,
       NOT (la.languages && lb.languages) AS cross_language
FROM story_claims a
JOIN story_claims b ON a.event_id = b.event_id AND a.story_id < b.story_id
JOIN story_languages la ON la.story_id = a.story_id
JOIN story_languages lb ON lb.story_id = b.story_id
GROUP BY a.story_id, b.story_id, la.languages, lb.languages;
