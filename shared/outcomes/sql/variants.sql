-- Per scenario, split step and variant, among treatment journeys entered since ?1: entrants,
-- conversions and revenue in the report currency ?2. Variants are assigned at entry, so every
-- treatment journey has one per split of its scenario (intention to treat). A goal event's value
-- counts once per scenario (claims.sql).
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217) twice.
WITH facts AS (@facts),
entries AS (
  SELECT execution, scenario FROM facts WHERE kind = 'entry' AND grp = 'treatment' AND occurred_at >= ?
),
claims AS (@claims),
journeys AS (
  SELECT
    e.scenario,
    v.step,
    v.variant,
    CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END AS converted,
    CASE WHEN c.currency = ? THEN coalesce(c.value, 0) ELSE 0 END AS revenue
  FROM entries e
  JOIN (SELECT execution, step, variant FROM facts WHERE kind = 'variant') v ON v.execution = e.execution
  LEFT JOIN claims c ON c.execution = e.execution
)
SELECT
  scenario,
  step,
  variant,
  count(*) AS entered,
  sum(converted) AS converted,
  sum(revenue) AS revenue,
  sum(revenue * revenue) AS revenue_squares
FROM journeys
GROUP BY scenario, step, variant
ORDER BY scenario, step, variant
