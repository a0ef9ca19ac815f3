-- Per scenario and group (treatment, holdout, global-control): journeys entered since ?1, those
-- converted, and revenue in the report currency ?2 (with its sum of squares, for intervals).
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217), currency again.
-- Runs unchanged on DuckDB and on Athena (Trino). Facts are written at least once: each id counts once.
WITH facts AS (
  SELECT kind, occurred_at, scenario, program, execution, grp, value, currency
  FROM (
    SELECT f.*, row_number() OVER (PARTITION BY f.id ORDER BY f.occurred_at) AS copy_number
    FROM outcome_facts f
  ) numbered
  WHERE copy_number = 1
),
entries AS (
  SELECT execution, scenario, grp FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
journeys AS (
  SELECT
    e.scenario,
    e.grp,
    CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END AS converted,
    CASE WHEN c.currency = ? THEN coalesce(c.value, 0) ELSE 0 END AS revenue,
    CASE WHEN c.value IS NOT NULL AND c.currency <> ? THEN 1 ELSE 0 END AS other_currency
  FROM entries e
  LEFT JOIN (SELECT execution, value, currency FROM facts WHERE kind = 'conversion') c
    ON c.execution = e.execution
)
SELECT
  scenario,
  grp,
  count(*) AS entered,
  sum(converted) AS converted,
  sum(revenue) AS revenue,
  sum(revenue * revenue) AS revenue_squares,
  sum(other_currency) AS other_currency
FROM journeys
GROUP BY scenario, grp
ORDER BY scenario, grp
