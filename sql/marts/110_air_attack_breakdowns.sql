-- mart.air_attack_breakdowns: every air-attack total stated with a per-region breakdown,
-- and whether the regions add up to it (the MoD's "83 drones: 36 over Kursk, 20 over
-- Bryansk..." should). Totals whose regions sum above them are mistakes in the source.
--   event_id, day, attacker, claimed_by, weapon   the total's claim
--   total          the total's destroyed figure (else launched)
--   parts          regional figures stated with it
--   parts_sum      their sum
--   status         'adds_up', 'partial' (sum below the total: "including ..."), 'above_total'
--   evidence, evidence_doc_id   where the total is stated
CREATE VIEW mart.air_attack_breakdowns AS
SELECT e.event_id, e.date_start AS day, e.actor AS attacker, e.claimed_by,
       coalesce(e.weapon, 'unspecified') AS weapon,
       coalesce(e.destroyed, e.launched) AS total, e.breakdown_parts AS parts, e.breakdown_sum AS parts_sum,
       CASE WHEN e.breakdown_sum = coalesce(e.destroyed, e.launched) THEN 'adds_up'
            WHEN e.breakdown_sum < coalesce(e.destroyed, e.launched) THEN 'partial'
            ELSE 'above_total' END AS status,
       e.evidence, e.evidence_doc_id
FROM core.events e
WHERE e.type = 'air_attack' AND e.admin1 IS NULL AND e.breakdown_parts IS NOT NULL;
