-- Per program, UTC day of entry and group: journeys entered since ?1 and those converted. The
-- console draws each program's conversion rate over time from it.
-- Parameters: since (ISO 8601 UTC).
-- Runs unchanged on DuckDB and on Athena (Trino), each fact once (facts.sql).
WITH facts AS (@facts),
entries AS (
  SELECT execution, coalesce(program, '') AS program, grp, substr(occurred_at, 1, 10) AS day
  FROM facts WHERE kind = 'entry' AND occurred_at >= ?
),
conversions AS (
  SELECT DISTINCT execution FROM facts WHERE kind = 'conversion'
)
SELECT
  e.program,
  e.day,
  e.grp,
  count(*) AS entered,
  sum(CASE WHEN c.execution IS NULL THEN 0 ELSE 1 END) AS converted
FROM entries e
LEFT JOIN conversions c ON c.execution = e.execution
GROUP BY e.program, e.day, e.grp
ORDER BY e.program, e.day, e.grp
