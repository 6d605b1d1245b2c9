-- Nobody shoots down more drones or missiles than were launched, where both are stated.
SELECT event_id, launched, destroyed, lost FROM core.events
WHERE launched IS NOT NULL AND destroyed IS NOT NULL
  AND destroyed + coalesce(lost, 0) > launched;
