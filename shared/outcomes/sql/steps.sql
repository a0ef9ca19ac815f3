-- Per scenario and message step, for journeys entered since ?1: how many journeys reached the
-- step, by outcome (sent, skipped, failed, uncertain) and reason.
-- Parameters: since (ISO 8601 UTC).
WITH facts AS (@facts),
entries AS (
  SELECT execution FROM facts WHERE kind = 'entry' AND occurred_at >= ?
)
SELECT
  m.scenario,
  m.step,
  m.channel,
  m.outcome,
  coalesce(m.reason, '') AS reason,
  count(*) AS messages
FROM facts m
JOIN entries e ON e.execution = m.execution
WHERE m.kind = 'message'
GROUP BY m.scenario, m.step, m.channel, m.outcome, coalesce(m.reason, '')
ORDER BY m.scenario, m.step, m.outcome, reason
