-- mart.events: one row per claim, with where it was stated.
--   event_id       claim identity (hash of the claim's fields)
--   type .. target_kind, quantities: as in ../shared/eval/CONTRACT.md
--   mentions       how many times the claim is stated across the archive
--   documents      in how many distinct documents
--   stories        in how many distinct stories (duplicate clusters)
--   first_published, last_published: publication dates of the documents stating it
--   evidence       the first statement, in its original language
CREATE VIEW mart.events AS
SELECT e.event_id, e.type, e.actor, e.target, e.claimed_by, e.confirmation,
       e.date_start, e.date_end, e.country, e.admin1, e.place, e.weapon, e.target_kind,
       e.launched, e.destroyed, e.lost, e.killed, e.injured, e.damaged, e.count,
       m.mentions, m.documents, m.stories, m.first_published, m.last_published,
       e.evidence, e.evidence_doc_id
FROM core.events e
JOIN LATERAL (
    SELECT count(*) AS mentions, count(DISTINCT mm.doc_id) AS documents,
           count(DISTINCT coalesce(s.story_id, mm.doc_id)) AS stories,
           min(d.published_at) AS first_published, max(d.published_at) AS last_published
    FROM core.event_mentions mm
    JOIN raw.documents d ON d.doc_id = mm.doc_id
    LEFT JOIN core.document_stories s ON s.doc_id = mm.doc_id
    WHERE mm.event_id = e.event_id AND mm.month = e.month  -- one month partition (migration 050)
) m ON true;
