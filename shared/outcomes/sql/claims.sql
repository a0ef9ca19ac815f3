-- Each conversion of a journey in the query's window (its `entries`), with the value it counts in
-- the report currency ?: a goal event that converted several journeys (three carts of one
-- customer, one order) counts its value once in each scenario and group, and once in each program
-- and group; the other journeys count as converted, without it. The value goes to a journey whose
-- goal valued the event in a currency other than the report's, then to one that valued it in the
-- report's, then to one that did not value it (scenarios of a program, and versions of a scenario,
-- may read different fields); then to one a message of the scenario touched (a step's revenue is
-- not left with a journey nothing was sent in), then to the one entered last; all among the
-- journeys in the window, so a journey entered before it never takes the value from one inside it.
-- Another currency first: a goal without `currency` takes the project's (the report's), so only a
-- goal that read the event's own currency can name another one. When two journeys' goals disagree
-- on one event, the report's is most likely assumed, not read; preferring it made a 70 USD order,
-- which a goal without `currency` took for 70 EUR, 70 EUR of the program's revenue. So the event
-- counts as converted with its value in another currency, apart, never in the wrong one.
-- An event is one customer's: the same id of two customers (ids an app chose) is two events.
-- Every query that sums revenue reads it here, after its `entries`; it runs unchanged on DuckDB
-- and on Athena (Trino), over the facts read once (facts.sql).
SELECT
  execution,
  scenario,
  step,
  currency,
  CASE WHEN scenario_rank = 1 THEN value END AS value,
  CASE WHEN program_rank = 1 THEN value END AS program_value
FROM (
  SELECT
    c.*,
    row_number() OVER (
      PARTITION BY c.profile_id, c.scenario, c.grp, c.goal_event
      ORDER BY c.valuation, c.untouched, c.entered_at DESC, c.execution DESC
    ) AS scenario_rank,
    row_number() OVER (
      PARTITION BY c.profile_id, c.program, c.grp, c.goal_event
      ORDER BY c.valuation, c.untouched, c.entered_at DESC, c.execution DESC
    ) AS program_rank
  FROM (
    SELECT
      f.execution,
      f.profile_id,
      f.scenario,
      coalesce(e.program, '') AS program,
      e.grp,
      f.step,
      f.value,
      f.currency,
      coalesce(f.event_id, f.execution) AS goal_event,
      CASE WHEN f.value IS NULL THEN 2 WHEN f.currency = ? THEN 1 ELSE 0 END AS valuation,
      CASE WHEN f.step IS NULL THEN 1 ELSE 0 END AS untouched,
      e.occurred_at AS entered_at
    FROM facts f
    JOIN facts e ON e.kind = 'entry' AND e.execution = f.execution
    JOIN entries w ON w.execution = f.execution
    WHERE f.kind = 'conversion'
  ) c
) ranked
