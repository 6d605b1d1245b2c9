-- mart.air_force_reconciliation: per night and weapon group, the Ukrainian Air Force's
-- own figures (ref.air_force_daily) beside the Air Force figures extracted from articles
-- (country-wide air_attack claims by UA about Russian launches).
--   night                 the morning the report covers
--   weapon_group          drone or missile
--   reference_launched / _destroyed / _lost: sums over the series' rows of that night
--   extracted_launched / _destroyed / _lost: largest figure among the extracted claims
--   extracted_claims      how many claims were extracted for that night and group
--   status                match (every figure stated in articles equals the series),
--                         mismatch, only_reference, only_extracted
CREATE VIEW mart.air_force_reconciliation AS
WITH reference AS (
    SELECT night, weapon_group, sum(launched) AS launched, sum(destroyed) AS destroyed, sum(lost) AS lost
    FROM ref.air_force_daily WHERE weapon_group IN ('drone', 'missile')
    GROUP BY 1, 2
), extracted AS (
    SELECT date_start AS night, CASE WHEN weapon = 'drone' THEN 'drone' ELSE 'missile' END AS weapon_group,
           max(launched) AS launched, max(destroyed) AS destroyed, max(lost) AS lost, count(*) AS claims
    FROM core.events
    WHERE type = 'air_attack' AND actor = 'RU' AND claimed_by = 'UA' AND admin1 IS NULL
      AND weapon IS NOT NULL AND (weapon = 'drone' OR weapon LIKE '%missile')
      AND date_start IS NOT NULL AND (date_end IS NULL OR date_end = date_start)
    GROUP BY 1, 2
)
SELECT coalesce(r.night, e.night) AS night, coalesce(r.weapon_group, e.weapon_group) AS weapon_group,
       r.launched AS reference_launched, r.destroyed AS reference_destroyed, r.lost AS reference_lost,
       e.launched AS extracted_launched, e.destroyed AS extracted_destroyed, e.lost AS extracted_lost,
       coalesce(e.claims, 0) AS extracted_claims,
       CASE WHEN e.night IS NULL THEN 'only_reference'
            WHEN r.night IS NULL THEN 'only_extracted'
            WHEN (e.launched IS NULL OR e.launched = r.launched)
             AND (e.destroyed IS NULL OR e.destroyed = r.destroyed)
             AND (e.lost IS NULL OR e.lost = r.lost) THEN 'match'
            ELSE 'mismatch' END AS status
FROM reference r FULL JOIN extracted e ON e.night = r.night AND e.weapon_group = r.weapon_group;
