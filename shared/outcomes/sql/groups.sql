-- Per scenario (with its program) and group (treatment, holdout, global-control): journeys entered
-- since ?1, those converted, and revenue in the report currency ?2 (with its sum of squares, for
-- intervals). A goal event's value counts once per scenario and group (claims.sql).
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217) three times.
-- Runs unchanged on DuckDB and on Athena (Trino), each fact once (facts.sql).
WITH facts AS (@facts),
entries AS (
  SELECT execution, scenario, program, grp FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
claims AS (@claims),
journeys AS (
  SELECT
    e.scenario,
    e.program,
    e.grp,
    CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END AS converted,
    CASE WHEN c.currency = ? THEN coalesce(c.value, 0) ELSE 0 END AS revenue,
    CASE WHEN c.value IS NOT NULL AND c.currency <> ? THEN 1 ELSE 0 END AS other_currency
  FROM entries e
  LEFT JOIN claims c ON c.execution = e.execution
)
SELECT
  scenario,
  program,
  grp,
  count(*) AS entered,
  sum(converted) AS converted,
  sum(revenue) AS revenue,
  sum(revenue * revenue) AS revenue_squares,
  sum(other_currency) AS other_currency
FROM journeys
GROUP BY scenario, program, grp
ORDER BY scenario, program, grp
