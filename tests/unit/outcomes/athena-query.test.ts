import {
  AthenaClient,
  GetQueryExecutionCommand,
  type GetQueryExecutionCommandOutput,
  GetQueryResultsCommand,
  type GetQueryResultsCommandInput,
  type GetQueryResultsCommandOutput,
  type QueryExecutionState,
  StartQueryExecutionCommand,
  StopQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { AthenaQueryError, quoteSqlString, runAthenaQuery } from '../../../shared/outcomes/athena-query.ts';

const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const athena = mockClient(client);
const EXECUTION_ID = 'query-execution-1';

const QUERY = {
  sql: 'SELECT grp, count(DISTINCT id) AS entrants\nFROM outcome_facts\nWHERE scenario = ? AND kind = ?\nGROUP BY grp',
  parameters: ['abandoned-cart', 'entry'],
  workGroup: 'parcours',
  database: 'parcours_outcomes',
} as const;

function status(State: QueryExecutionState, StateChangeReason?: string): GetQueryExecutionCommandOutput {
  return {
    $metadata: {},
    QueryExecution: { QueryExecutionId: EXECUTION_ID, Status: { State, StateChangeReason } },
  };
}

function recordingSleep(): { readonly delays: number[]; readonly sleep: (ms: number) => Promise<void> } {
  const delays: number[] = [];
  return { delays, sleep: async (ms) => void delays.push(ms) };
}

const columns = {
  ColumnInfo: [
    { Name: 'grp', Type: 'varchar' },
    { Name: 'entrants', Type: 'bigint' },
  ],
};
const row = (...values: (string | undefined)[]) => ({
  Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })),
});

/** Two pages: the first opens with the header row, as Athena's does for a SELECT. */
function resultPage(input: GetQueryResultsCommandInput): GetQueryResultsCommandOutput {
  if (input.NextToken === undefined) {
    return {
      $metadata: {},
      NextToken: 'page-2',
      ResultSet: { ResultSetMetadata: columns, Rows: [row('grp', 'entrants'), row('treatment', '120')] },
    };
  }
  return {
    $metadata: {},
    ResultSet: { ResultSetMetadata: columns, Rows: [row('holdout', '14'), row(undefined, '3')] },
  };
}

describe('runAthenaQuery', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).resolves({ QueryExecutionId: EXECUTION_ID });
    athena.on(GetQueryResultsCommand).callsFake(resultPage);
  });

  it('starts the query in its work group and database, waits, and reads every page', async () => {
    // Prepare
    athena
      .on(GetQueryExecutionCommand)
      .resolvesOnce(status('QUEUED'))
      .resolvesOnce(status('RUNNING'))
      .resolves(status('SUCCEEDED'));
    const { delays, sleep } = recordingSleep();

    // Act
    const result = await runAthenaQuery(client, QUERY, { sleep, pollMs: 250 });

    // Assess
    expect(athena).toHaveReceivedCommandExactlyOnceWith(StartQueryExecutionCommand, {
      QueryString: QUERY.sql,
      QueryExecutionContext: { Database: 'parcours_outcomes' },
      WorkGroup: 'parcours',
      ExecutionParameters: ["'abandoned-cart'", "'entry'"],
    });
    expect(delays).toEqual([250, 250]);
    expect(athena).toHaveReceivedCommandTimes(GetQueryResultsCommand, 2);
    expect(athena).toHaveReceivedNthCommandWith(GetQueryResultsCommand, 2, {
      QueryExecutionId: EXECUTION_ID,
      NextToken: 'page-2',
    });
    expect(result).toEqual({
      columns: ['grp', 'entrants'],
      rows: [
        { grp: 'treatment', entrants: '120' },
        { grp: 'holdout', entrants: '14' },
        { grp: null, entrants: '3' },
      ],
    });
  });

  it('sends no execution parameters for a query without placeholders', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(status('SUCCEEDED'));

    // Act
    await runAthenaQuery(client, { ...QUERY, parameters: [] }, recordingSleep());

    // Assess
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]?.args[0].input;
    expect(input).toBeDefined();
    expect(input?.ExecutionParameters).toBeUndefined();
  });

  it.each([
    ['FAILED', "COLUMN_NOT_FOUND: line 3:7: Column 'scenrio' cannot be resolved"],
    ['CANCELLED', 'Query cancelled by user'],
  ] as const)('rejects a %s query with its reason, naming its first line', async (state, reason) => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolvesOnce(status('RUNNING')).resolves(status(state, reason));

    // Act
    const running = runAthenaQuery(client, QUERY, recordingSleep());

    // Assess
    await expect(running).rejects.toBeInstanceOf(AthenaQueryError);
    await expect(running).rejects.toThrow(
      `Athena query "SELECT grp, count(DISTINCT id) AS entrants" ${state}: ${reason}`,
    );
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('stops a query still running after the timeout and rejects', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(status('RUNNING'));
    athena.on(StopQueryExecutionCommand).resolves({});
    const { delays, sleep } = recordingSleep();

    // Act
    const running = runAthenaQuery(client, QUERY, { sleep, timeoutMs: 3000, pollMs: 1000 });

    // Assess
    await expect(running).rejects.toThrow(/did not finish within 3000 ms \(last state RUNNING\)/);
    await expect(running).rejects.toMatchObject({ queryExecutionId: EXECUTION_ID });
    expect(athena).toHaveReceivedCommandExactlyOnceWith(StopQueryExecutionCommand, {
      QueryExecutionId: EXECUTION_ID,
    });
    expect(delays).toEqual([1000, 1000, 1000]);
    expect(athena).not.toHaveReceivedCommand(GetQueryResultsCommand);
  });

  it('still reports the timeout when stopping the query fails', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(status('RUNNING'));
    athena.on(StopQueryExecutionCommand).rejects(new Error('stop refused'));

    // Act
    const running = runAthenaQuery(client, QUERY, { ...recordingSleep(), timeoutMs: 0 });

    // Assess
    await expect(running).rejects.toThrow(/did not finish within 0 ms/);
    await expect(running).rejects.toMatchObject({ cause: { message: 'stop refused' } });
  });

  it('sends a value containing quotes as one string literal it cannot break out of', async () => {
    // Prepare
    athena.on(GetQueryExecutionCommand).resolves(status('SUCCEEDED'));
    const hostile = "x' OR '1'='1";

    // Act
    await runAthenaQuery(client, { ...QUERY, parameters: [hostile, "it's"] }, recordingSleep());

    // Assess
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      ExecutionParameters: ["'x'' OR ''1''=''1'", "'it''s'"],
    });
  });
});

describe('quoteSqlString', () => {
  it.each(["x' OR '1'='1", "''", "'; DROP TABLE outcome_facts; --", 'plain', '', "\\'"])(
    'quotes %j as a single literal that reads back as the value',
    (value) => {
      // Act
      const literal = quoteSqlString(value);

      // Assess: one literal is a quote, then only non-quotes or doubled quotes, then a quote.
      expect(literal).toMatch(/^'(?:[^']|'')*'$/);
      expect(literal.slice(1, -1).replaceAll("''", "'")).toBe(value);
    },
  );
});
