-- Every event is stated somewhere: at least one mention in a cleaned document.
SELECT e.event_id FROM core.events e
WHERE NOT EXISTS (SELECT 1 FROM core.event_mentions m WHERE m.event_id = e.event_id);
