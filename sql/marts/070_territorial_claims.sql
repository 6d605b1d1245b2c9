-- mart.territorial_claims: settlements claimed taken, in time order.
--   day              date_start of the claim (null when the text gives no date)
--   place, admin1, country: the settlement and its region
--   claimant         who claims to have taken it (actor)
--   claimed_by       whose statement it is
--   confirmation     unverified / confirmed / denied / null
--   first_published  when the claim first appeared in the archive
--   mentions, documents: how often and in how many documents it is stated
--   evidence         the first statement, in its original language
CREATE VIEW mart.territorial_claims AS
SELECT e.date_start AS day, e.place, e.admin1, e.country, e.actor AS claimant, e.claimed_by,
       e.confirmation, e.first_published, e.mentions, e.documents, e.evidence, e.event_id
FROM mart.events e
WHERE e.type = 'territorial_claim';
