-- Counts are never negative.
SELECT event_id FROM core.events
WHERE launched < 0 OR destroyed < 0 OR lost < 0 OR killed < 0 OR injured < 0 OR damaged < 0 OR count < 0;
