-- mart.strikes_monthly: strikes and their casualties by month and region.
--   month            first day of the month of the strike (date_start, else the first
--                    publication date of a document stating it)
--   country, admin1  where; admin1 'UNKNOWN' when the region is not stated
--   attacker         actor
--   strikes          distinct strike claims
--   killed, injured, damaged: sums over those claims (claims by both sides are both counted)
CREATE MATERIALIZED VIEW mart.strikes_monthly AS
SELECT date_trunc('month', coalesce(e.date_start, e.first_published))::date AS month,
       coalesce(e.country, 'UNKNOWN') AS country, coalesce(e.admin1, 'UNKNOWN') AS admin1,
       coalesce(e.actor, 'UNKNOWN') AS attacker,
       count(*) AS strikes, coalesce(sum(e.killed), 0) AS killed,
       coalesce(sum(e.injured), 0) AS injured, coalesce(sum(e.damaged), 0) AS damaged
FROM mart.events e
WHERE e.type = 'strike' AND coalesce(e.date_start, e.first_published) IS NOT NULL
GROUP BY 1, 2, 3, 4;
CREATE UNIQUE INDEX strikes_monthly_key ON mart.strikes_monthly (month, country, admin1, attacker);
