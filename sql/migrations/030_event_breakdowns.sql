-- A total stated with a per-region breakdown (extraction's checks: "83 drones: 36 over
-- Kursk, 20 over Bryansk, ..."): how many regional figures were stated with it and their
-- sum. A sum above the total is a mistake in the source (mart.air_attack_breakdowns
-- lists them); a sum below it is a partial breakdown ("including 22 over Kursk").
ALTER TABLE core.events ADD COLUMN IF NOT EXISTS breakdown_parts integer CHECK (breakdown_parts > 0);
ALTER TABLE core.events ADD COLUMN IF NOT EXISTS breakdown_sum integer CHECK (breakdown_sum >= 0);
