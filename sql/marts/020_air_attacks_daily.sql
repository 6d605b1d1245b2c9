-- mart.air_attacks_daily: air-attack claims per day, attacker, claimant, weapon and region.
--   day            date_start of the claim (the night it reports)
--   attacker       actor (side that launched)
--   claimed_by     whose statement
--   weapon         drone, missile, ...
--   admin1         region code, 'TOTAL' for a country-wide figure
--   launched, destroyed, lost: the largest figure among the claims of that cell
--   claims         how many distinct claims fed the cell
CREATE VIEW mart.air_attacks_daily AS
SELECT date_start AS day, actor AS attacker, claimed_by, coalesce(weapon, 'unspecified') AS weapon,
       coalesce(admin1, 'TOTAL') AS admin1, country,
       max(launched) AS launched, max(destroyed) AS destroyed, max(lost) AS lost,
       count(*) AS claims
FROM core.events
WHERE type = 'air_attack' AND date_start IS NOT NULL
  AND (date_end IS NULL OR date_end = date_start)
GROUP BY 1, 2, 3, 4, 5, 6;
