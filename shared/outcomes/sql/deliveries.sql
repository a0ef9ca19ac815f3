-- Per scenario and message step, for journeys entered since ?1: messages delivered, opened,
-- clicked, bounced or complained about (each message counted once per outcome, whatever the
-- number of opens), and the conversions last touched by the step, with their revenue in ?2
-- (a goal event's value once per scenario: claims.sql).
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217) twice.
WITH facts AS (@facts),
entries AS (
  SELECT execution FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
claims AS (@claims),
sent AS (
  SELECT m.scenario, m.step, m.message_id
  FROM facts m
  JOIN entries e ON e.execution = m.execution
  WHERE m.kind = 'message' AND m.outcome = 'sent' AND m.message_id IS NOT NULL
),
deliveries AS (
  SELECT s.scenario, s.step, d.outcome AS measure, count(DISTINCT d.message_id) AS total, 0 AS revenue
  FROM sent s
  JOIN facts d ON d.kind = 'delivery' AND d.message_id = s.message_id
  GROUP BY s.scenario, s.step, d.outcome
),
touches AS (
  SELECT
    c.scenario,
    c.step,
    'converted' AS measure,
    count(*) AS total,
    sum(CASE WHEN c.currency = ? THEN coalesce(c.value, 0) ELSE 0 END) AS revenue
  FROM claims c
  WHERE c.step IS NOT NULL
  GROUP BY c.scenario, c.step
)
SELECT scenario, step, measure, total, revenue FROM deliveries
UNION ALL
SELECT scenario, step, measure, total, revenue FROM touches
ORDER BY scenario, step, measure
