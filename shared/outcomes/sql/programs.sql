-- Per program and group, over the journeys of all its scenarios entered since ?1: entrants,
-- conversions and revenue in the report currency ?2. The program's uplift compares its treatment
-- journeys with those of the global control group.
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217).
WITH facts AS (
  SELECT kind, occurred_at, program, execution, grp, value, currency
  FROM (
    SELECT f.*, row_number() OVER (PARTITION BY f.id ORDER BY f.occurred_at) AS copy_number
    FROM outcome_facts f
  ) numbered
  WHERE copy_number = 1
),
entries AS (
  SELECT execution, program, grp FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
journeys AS (
  SELECT
    e.program,
    e.grp,
    CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END AS converted,
    CASE WHEN c.currency = ? THEN coalesce(c.value, 0) ELSE 0 END AS revenue
  FROM entries e
  LEFT JOIN (SELECT execution, value, currency FROM facts WHERE kind = 'conversion') c
    ON c.execution = e.execution
)
SELECT
  program,
  grp,
  count(*) AS entered,
  sum(converted) AS converted,
  sum(revenue) AS revenue,
  sum(revenue * revenue) AS revenue_squares
FROM journeys
GROUP BY program, grp
ORDER BY program, grp
