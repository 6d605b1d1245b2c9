-- mart.air_force_reconciliation: per night and weapon group, the Ukrainian Air Force's
-- own figures (ref.air_force_daily) beside the Air Force figures extracted from articles
-- (country-wide air_attack claims by UA about Russian launches).
--   night                 the morning the report covers
--   weapon_group          drone or missile
--   reference_launched / _destroyed / _lost: the overnight report of that morning (windows
--                         ending before 13:00 that began before 06:00 or the evening before);
--                         a day with no such window uses all of its windows
--   day_launched / _destroyed / _lost: every window ending that day (a day can also have
--                         daytime reports; articles sometimes quote the day's sum)
--   extracted_launched / _destroyed / _lost: largest figure among the extracted claims
--   extracted_claims      how many claims were extracted for that night and group
--   status                match (every figure stated in articles equals the overnight report,
--                         or every one equals the day's sum), mismatch, only_reference,
--                         only_extracted
--   matched_scope         overnight / day when status = match
CREATE VIEW mart.air_force_reconciliation AS
WITH windows AS (
    SELECT night, weapon_group, launched, destroyed, lost,
           (extract(hour FROM time_end) < 13
            AND (time_start IS NULL OR time_start < date_trunc('day', time_end) + interval '6 hours')) AS overnight
    FROM ref.air_force_daily WHERE weapon_group IN ('drone', 'missile')
), reference AS (
    SELECT night, weapon_group,
           CASE WHEN bool_or(overnight) THEN sum(launched) FILTER (WHERE overnight) ELSE sum(launched) END AS launched,
           CASE WHEN bool_or(overnight) THEN sum(destroyed) FILTER (WHERE overnight) ELSE sum(destroyed) END AS destroyed,
           CASE WHEN bool_or(overnight) THEN sum(lost) FILTER (WHERE overnight) ELSE sum(lost) END AS lost,
           sum(launched) AS day_launched, sum(destroyed) AS day_destroyed, sum(lost) AS day_lost
    FROM windows GROUP BY 1, 2
), extracted AS (
    SELECT date_start AS night, CASE WHEN weapon = 'drone' THEN 'drone' ELSE 'missile' END AS weapon_group,
           max(launched) AS launched, max(destroyed) AS destroyed, max(lost) AS lost, count(*) AS claims
    FROM core.events
    WHERE type = 'air_attack' AND actor = 'RU' AND claimed_by = 'UA' AND admin1 IS NULL
      AND weapon IS NOT NULL AND (weapon = 'drone' OR weapon LIKE '%missile')
      AND date_start IS NOT NULL AND (date_end IS NULL OR date_end = date_start)
    GROUP BY 1, 2
), compared AS (
    SELECT coalesce(r.night, e.night) AS night, coalesce(r.weapon_group, e.weapon_group) AS weapon_group,
           r.launched AS reference_launched, r.destroyed AS reference_destroyed, r.lost AS reference_lost,
           r.day_launched, r.day_destroyed, r.day_lost,
           e.launched AS extracted_launched, e.destroyed AS extracted_destroyed, e.lost AS extracted_lost,
           coalesce(e.claims, 0) AS extracted_claims,
           (e.launched IS NULL OR e.launched = r.launched) AND (e.destroyed IS NULL OR e.destroyed = r.destroyed)
             AND (e.lost IS NULL OR e.lost = r.lost) AS overnight_ok,
           (e.launched IS NULL OR e.launched = r.day_launched) AND (e.destroyed IS NULL OR e.destroyed = r.day_destroyed)
             AND (e.lost IS NULL OR e.lost = r.day_lost) AS day_ok,
           e.night IS NULL AS no_extracted, r.night IS NULL AS no_reference
    FROM reference r FULL JOIN extracted e ON e.night = r.night AND e.weapon_group = r.weapon_group
)
SELECT night, weapon_group, reference_launched, reference_destroyed, reference_lost,
       day_launched, day_destroyed, day_lost, extracted_launched, extracted_destroyed, extracted_lost,
       extracted_claims,
       CASE WHEN no_extracted THEN 'only_reference'
            WHEN no_reference THEN 'only_extracted'
            WHEN overnight_ok OR day_ok THEN 'match'
            ELSE 'mismatch' END AS status,
       CASE WHEN no_extracted OR no_reference THEN NULL
            WHEN overnight_ok THEN 'overnight'
            WHEN day_ok THEN 'day' END AS matched_scope
FROM compared;
