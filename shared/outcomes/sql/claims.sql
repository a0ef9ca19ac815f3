-- Each journey's conversion, with the value it counts: a goal event that converted several
-- journeys (three carts of one customer, one order) counts its value once in each scenario and
-- group, and once in each program and group; the other journeys count as converted, without it.
-- The value goes to a journey whose goal gave it one (scenarios of a program may read different
-- fields), then to one a message of the scenario touched (so a step's revenue is not left with a
-- journey nothing was sent in), then to the journey that entered last.
-- An event is one customer's: the same id of two customers (ids an app chose) is two events.
-- Every query that sums revenue reads it here; it runs unchanged on DuckDB and on Athena (Trino),
-- over the facts read once (facts.sql).
SELECT
  execution,
  scenario,
  program,
  grp,
  step,
  currency,
  CASE WHEN scenario_rank = 1 THEN value END AS value,
  CASE WHEN program_rank = 1 THEN value END AS program_value
FROM (
  SELECT
    c.*,
    row_number() OVER (
      PARTITION BY c.profile_id, c.scenario, c.grp, c.goal_event
      ORDER BY c.valueless, c.untouched, c.entered_at DESC, c.execution DESC
    ) AS scenario_rank,
    row_number() OVER (
      PARTITION BY c.profile_id, c.program, c.grp, c.goal_event
      ORDER BY c.valueless, c.untouched, c.entered_at DESC, c.execution DESC
    ) AS program_rank
  FROM (
    SELECT
      f.execution,
      f.profile_id,
      f.scenario,
      coalesce(f.program, '') AS program,
      f.grp,
      f.step,
      f.value,
      f.currency,
      coalesce(f.event_id, f.execution) AS goal_event,
      CASE WHEN f.value IS NULL THEN 1 ELSE 0 END AS valueless,
      CASE WHEN f.step IS NULL THEN 1 ELSE 0 END AS untouched,
      e.occurred_at AS entered_at
    FROM facts f
    LEFT JOIN facts e ON e.kind = 'entry' AND e.execution = f.execution
    WHERE f.kind = 'conversion'
  ) c
) ranked
