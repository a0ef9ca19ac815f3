import {
  type AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type Row,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import * as z from 'zod';

export const AthenaQuery = z.object({
  sql: z.string().min(1),
  /** Raw values for the `?` placeholders, in order; each is sent as a quoted string literal. */
  parameters: z.array(z.string()).readonly(),
  workGroup: z.string().min(1),
  database: z.string().min(1),
});
export type AthenaQuery = z.infer<typeof AthenaQuery>;

/** Athena hands every value back as text; NULL comes back as null. */
export type AthenaQueryResult = {
  readonly columns: string[];
  readonly rows: Record<string, string | null>[];
};

export type AthenaQueryOptions = {
  readonly sleep: (ms: number) => Promise<void>;
  readonly timeoutMs?: number;
  readonly pollMs?: number;
};

const DEFAULT_TIMEOUT_MS = 5 * 60 * 1000;
const DEFAULT_POLL_MS = 1000;
/** The most GetQueryResults returns in one page. */
const PAGE_SIZE = 1000;

export class AthenaQueryError extends Error {
  override readonly name = 'AthenaQueryError';
  readonly queryExecutionId: string | undefined;

  constructor(message: string, queryExecutionId: string | undefined, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.queryExecutionId = queryExecutionId;
  }
}

/**
 * Runs one query and reads all its rows. Time is counted in polls (pollMs each), not read from a
 * clock, so the wait is at least timeoutMs plus the calls' own latency.
 */
export async function runAthenaQuery(
  client: AthenaClient,
  query: AthenaQuery,
  options: AthenaQueryOptions,
): Promise<AthenaQueryResult> {
  const { sql, parameters, workGroup, database } = AthenaQuery.parse(query);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pollMs = options.pollMs ?? DEFAULT_POLL_MS;
  const label = firstLine(sql);

  const started = await client.send(
    new StartQueryExecutionCommand({
      QueryString: sql,
      QueryExecutionContext: { Database: database },
      WorkGroup: workGroup,
      // Athena refuses an empty list: a query without placeholders sends none.
      ExecutionParameters: parameters.length > 0 ? parameters.map(quoteSqlString) : undefined,
    }),
  );
  const id = started.QueryExecutionId;
  if (!id) throw new AthenaQueryError(`Athena started query "${label}" without an execution id`, undefined);

  for (let waited = 0; ; waited += pollMs) {
    const execution = await client.send(new GetQueryExecutionCommand({ QueryExecutionId: id }));
    const status = execution.QueryExecution?.Status;
    const state = status?.State;
    if (state === 'SUCCEEDED') break;
    if (state === 'FAILED' || state === 'CANCELLED') {
      throw new AthenaQueryError(
        `Athena query "${label}" ${state}: ${status?.StateChangeReason ?? 'no reason given'}`,
        id,
      );
    }
    if (waited >= timeoutMs) {
      // Best effort: the caller needs to hear about the timeout even if the stop fails too.
      const stopError = await client
        .send(new StopQueryExecutionCommand({ QueryExecutionId: id }))
        .then(() => undefined)
        .catch((error: unknown) => error);
      throw new AthenaQueryError(
        `Athena query "${label}" did not finish within ${timeoutMs} ms (last state ${state ?? 'unknown'}); it was stopped`,
        id,
        { cause: stopError },
      );
    }
    await options.sleep(pollMs);
  }

  return readResults(client, id);
}

/**
 * Execution parameters are spliced into the query as SQL literals, so a string must arrive
 * quoted, its own quotes doubled: a value can then never close the literal and add SQL.
 */
export function quoteSqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

async function readResults(client: AthenaClient, id: string): Promise<AthenaQueryResult> {
  let columns: string[] = [];
  const rows: Record<string, string | null>[] = [];
  let nextToken: string | undefined;
  let firstPage = true;
  do {
    const page = await client.send(
      new GetQueryResultsCommand({ QueryExecutionId: id, NextToken: nextToken, MaxResults: PAGE_SIZE }),
    );
    const pageRows = page.ResultSet?.Rows ?? [];
    if (firstPage) {
      columns = (page.ResultSet?.ResultSetMetadata?.ColumnInfo ?? []).map((column) => column.Name ?? '');
    }
    // The first row of the first page repeats the column names (for a SELECT).
    for (const row of firstPage ? pageRows.slice(1) : pageRows) rows.push(toRecord(columns, row));
    firstPage = false;
    nextToken = page.NextToken;
  } while (nextToken);
  return { columns, rows };
}

function toRecord(columns: readonly string[], row: Row): Record<string, string | null> {
  const data = row.Data ?? [];
  return Object.fromEntries(columns.map((column, index) => [column, data[index]?.VarCharValue ?? null]));
}

function firstLine(sql: string): string {
  return sql.trim().split('\n')[0]?.trim() ?? '';
}
