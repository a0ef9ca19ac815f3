-- Each outcome fact once. Facts are written at least once (a retried function writes its fact
-- again, with the same id), so every report query reads them through this, which report-queries.ts
-- puts in place of `@facts` in the query files. The partition column is left out: two copies of a
-- fact may have been written on different days.
SELECT id, kind, occurred_at, profile_id, scenario, version, program, execution, grp, step, variant,
  channel, outcome, reason, message_id, event_id, value, currency
FROM (
  SELECT f.*, row_number() OVER (PARTITION BY f.id ORDER BY f.occurred_at) AS copy_number
  FROM outcome_facts f
) numbered
WHERE copy_number = 1
