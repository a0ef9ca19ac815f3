-- The journeys of scenario ?1 that converted: the console counts, on each state of the scenario,
-- how many of the journeys that passed it converted.
-- Parameters: scenario.
-- Runs unchanged on DuckDB and on Athena (Trino), each fact once (facts.sql).
WITH facts AS (@facts)
SELECT DISTINCT execution FROM facts WHERE kind = 'conversion' AND scenario = ?
