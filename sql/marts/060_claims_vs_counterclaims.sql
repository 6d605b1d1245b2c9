-- mart.claims_vs_counterclaims: per night and attacking side, what each side said about
-- the same country-wide air attack, side by side.
--   day                 the night (date_start of a one-day claim)
--   attacker            the side that launched (actor)
--   weapon              drone, missile, ...
--   attacker_claims     how many claims by the attacker itself
--   defender_claims     how many claims by the other side (claimed_by <> attacker)
--   defender_launched   what the defender said was launched at it
--   defender_destroyed  what the defender said it shot down
--   defender_lost       what the defender said was lost/jammed
--   attacker_launched   what the attacker said it launched
--   attacker_hit        what the attacker said was hit (its 'destroyed' count)
-- Largest figure among claims of the cell; only country-wide totals (admin1 IS NULL).
CREATE MATERIALIZED VIEW mart.claims_vs_counterclaims AS
SELECT date_start AS day, actor AS attacker, coalesce(weapon, 'unspecified') AS weapon,
       count(*) FILTER (WHERE claimed_by = actor) AS attacker_claims,
       count(*) FILTER (WHERE claimed_by IS DISTINCT FROM actor AND claimed_by IS NOT NULL) AS defender_claims,
       max(launched) FILTER (WHERE claimed_by IS DISTINCT FROM actor AND claimed_by IS NOT NULL) AS defender_launched,
       max(destroyed) FILTER (WHERE claimed_by IS DISTINCT FROM actor AND claimed_by IS NOT NULL) AS defender_destroyed,
       max(lost) FILTER (WHERE claimed_by IS DISTINCT FROM actor AND claimed_by IS NOT NULL) AS defender_lost,
       max(launched) FILTER (WHERE claimed_by = actor) AS attacker_launched,
       max(destroyed) FILTER (WHERE claimed_by = actor) AS attacker_hit
FROM core.events
WHERE type = 'air_attack' AND actor IS NOT NULL AND admin1 IS NULL
  AND date_start IS NOT NULL AND (date_end IS NULL OR date_end = date_start)
GROUP BY 1, 2, 3;
CREATE UNIQUE INDEX claims_vs_counterclaims_key ON mart.claims_vs_counterclaims (day, attacker, weapon);
