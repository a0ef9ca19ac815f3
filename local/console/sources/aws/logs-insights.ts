import {
  type CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';

/** The most rows one Logs Insights query returns. */
export const INSIGHTS_ROW_LIMIT = 10_000;
const POLL_MS = 500;
const TIMEOUT_MS = 2 * 60 * 1000;

export type InsightsQuery = {
  readonly logGroup: string;
  readonly query: string;
  /** The window searched: the whole retained log unless narrowed. */
  readonly from: Date;
  readonly to: Date;
};

/** A row as Logs Insights hands it back: every value as text, the fields named by the query. */
export type InsightsRow = Readonly<Record<string, string>>;

export class InsightsQueryError extends Error {
  override readonly name = 'InsightsQueryError';
}

/**
 * Runs one Logs Insights query and reads its rows. A log group that does not exist (a scenario
 * never deployed, or no journey yet) answers no rows rather than an error. The wait is counted in
 * polls, as the Athena runner does, so no clock is read here.
 */
export async function runInsightsQuery(
  client: CloudWatchLogsClient,
  query: InsightsQuery,
  sleep: (ms: number) => Promise<void>,
): Promise<InsightsRow[]> {
  const started = await client
    .send(
      new StartQueryCommand({
        logGroupNames: [query.logGroup],
        queryString: query.query,
        startTime: Math.floor(query.from.getTime() / 1000),
        endTime: Math.ceil(query.to.getTime() / 1000),
        limit: INSIGHTS_ROW_LIMIT,
      }),
    )
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined;
      throw error;
    });
  if (started === undefined) return [];
  const queryId = started.queryId;
  if (queryId === undefined)
    throw new InsightsQueryError(`Logs Insights started no query on ${query.logGroup}`);
  for (let waited = 0; waited < TIMEOUT_MS; waited += POLL_MS) {
    const answer = await client.send(new GetQueryResultsCommand({ queryId }));
    if (answer.status === 'Complete') return rowsOf(answer.results ?? []);
    if (answer.status !== 'Running' && answer.status !== 'Scheduled')
      throw new InsightsQueryError(
        `Logs Insights query ${queryId} on ${query.logGroup} ended ${answer.status ?? 'without a status'}`,
      );
    await sleep(POLL_MS);
  }
  // Left to end on its own (Logs Insights stops a query after 60 minutes): stopping it would need
  // logs:StopQuery, which no resource narrows, so the reader could stop anyone's query.
  throw new InsightsQueryError(
    `Logs Insights query ${queryId} on ${query.logGroup} did not end within ${TIMEOUT_MS / 1000} s`,
  );
}

function rowsOf(results: readonly (readonly { field?: string; value?: string }[])[]): InsightsRow[] {
  return results.map((fields) =>
    Object.fromEntries(
      fields.flatMap(({ field, value }) =>
        field === undefined || value === undefined ? [] : [[field, value]],
      ),
    ),
  );
}

/** A text as a Logs Insights string literal: state and execution names may hold quotes. */
export function insightsString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
