import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import * as z from 'zod';
import { packBySize } from '../../../../shared/batching/pack-by-size.ts';
import { INSIGHTS_ROW_LIMIT, type InsightsRow, insightsString, runInsightsQuery } from './logs-insights.ts';

/**
 * What a scenario's state machine log (level ALL) says of its journeys, through Logs Insights:
 * the counts are made by Logs Insights itself (two `stats` in one query), so a page costs a few
 * queries however many journeys there are. Every state's entry is logged as `<Kind>StateEntered`
 * with the state's name in `details.name`; an ended execution logs `Execution<Status>`.
 */
const STATE_ENTERED = 'type like /StateEntered$/';
/**
 * Where each execution rests now. A journey rests only in a Wait or a Task (a wait for its task
 * token), each entered well after the state before it, so the latest of those entries is where it
 * is, however Logs Insights orders events of the same millisecond; a Choice, a Pass or the final
 * state is left behind within the same millisecond, so it is not read. An ended execution has
 * logged its end, an event with no `details.name`: `count(state)` falls short of `count(*)`.
 */
const WHERE_EACH_RESTS = `filter type in ["TaskStateEntered", "WaitStateEntered", "ExecutionSucceeded", "ExecutionFailed", "ExecutionAborted", "ExecutionTimedOut"]
| fields details.name as state
| stats count(*) as events, count(state) as entries, latest(state) as current, min(@timestamp) as started by execution_arn
| filter entries = events`;

/** A query's text is at most 10,000 characters: room for the names it filters on. */
const MAX_QUERY_CHARS = 9_000;
/** Queries on the account's shared quota run a few at a time. */
const CONCURRENT_QUERIES = 4;

export type JourneyLog = {
  readonly client: CloudWatchLogsClient;
  readonly logGroup: string;
  readonly from: Date;
  readonly to: Date;
  readonly sleep: (ms: number) => Promise<void>;
};

const Count = z.coerce.number().int().nonnegative();

/** Per state, the journeys that entered it at least once. */
export async function enteredByState(log: JourneyLog): Promise<Map<string, number>> {
  return countsOf(
    await run(
      log,
      `filter ${STATE_ENTERED}
| fields details.name as state
| stats count(*) as times by execution_arn, state
| stats count(*) as entered by state`,
    ),
    'state',
    'entered',
  );
}

/** Per state, the journeys in it now. */
export async function waitingByState(log: JourneyLog): Promise<Map<string, number>> {
  return countsOf(
    await run(
      log,
      `${WHERE_EACH_RESTS}
| stats count(*) as waiting by current`,
    ),
    'current',
    'waiting',
  );
}

/** The journeys in one state now, the latest started first: their execution names. */
export async function waitingIn(log: JourneyLog, state: string, limit: number): Promise<string[]> {
  const rows = await run(
    log,
    `${WHERE_EACH_RESTS}
| filter current = ${insightsString(state)}
| sort started desc
| limit ${Math.min(limit, INSIGHTS_ROW_LIMIT)}`,
  );
  return rows.flatMap((row) => {
    const name = row.execution_arn?.split(':').at(-1);
    return name === undefined ? [] : [name];
  });
}

/**
 * Per state, how many of the given journeys entered it: the converted ones, which the outcome
 * facts name. The names go into the queries themselves, so they are cut into queries that fit.
 */
export async function enteredByStateAmong(
  log: JourneyLog,
  executions: readonly string[],
): Promise<Map<string, number>> {
  const chunks = namesInChunks(executions);
  const totals = new Map<string, number>();
  for (let start = 0; start < chunks.length; start += CONCURRENT_QUERIES) {
    const answers = await Promise.all(
      chunks.slice(start, start + CONCURRENT_QUERIES).map((names) =>
        run(
          log,
          `filter ${STATE_ENTERED}
| parse execution_arn /:(?<journey>[^:]+)$/
| filter journey in [${names.map(insightsString).join(', ')}]
| fields details.name as state
| stats count(*) as times by journey, state
| stats count(*) as entered by state`,
        ),
      ),
    );
    for (const rows of answers)
      for (const [state, count] of countsOf(rows, 'state', 'entered'))
        totals.set(state, (totals.get(state) ?? 0) + count);
  }
  return totals;
}

function namesInChunks(names: readonly string[]): string[][] {
  // Each name goes in quoted, followed by ", ".
  return packBySize(names, (name) => insightsString(name).length + 2, { size: MAX_QUERY_CHARS });
}

function run(log: JourneyLog, query: string): Promise<InsightsRow[]> {
  return runInsightsQuery(
    log.client,
    { logGroup: log.logGroup, query, from: log.from, to: log.to },
    log.sleep,
  );
}

/** A count per state, from the rows of a query's last `stats … by`: the second `stats` may only name what the first defined. */
function countsOf(rows: readonly InsightsRow[], key: string, count: string): Map<string, number> {
  return new Map(
    rows.flatMap((row) => {
      const state = row[key];
      return state === undefined ? [] : [[state, Count.parse(row[count])]];
    }),
  );
}
