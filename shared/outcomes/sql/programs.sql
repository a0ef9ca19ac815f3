-- Per program and group (treatment, holdout, global-control): journeys entered since ?1 in any of
-- its scenarios, those converted, and revenue in the report currency ?2 (with its sum of squares,
-- for intervals). A goal event that converted journeys of two of its scenarios counts its value
-- once per group (claims.sql), not once in each scenario.
-- Parameters: since (ISO 8601 UTC), currency (ISO 4217) twice.
-- Runs unchanged on DuckDB and on Athena (Trino), each fact once (facts.sql).
WITH facts AS (@facts),
entries AS (
  SELECT execution, coalesce(program, '') AS program, grp FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
claims AS (@claims),
journeys AS (
  SELECT
    e.program,
    e.grp,
    CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END AS converted,
    CASE WHEN c.currency = ? THEN coalesce(c.program_value, 0) ELSE 0 END AS revenue
  FROM entries e
  LEFT JOIN claims c ON c.execution = e.execution
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
