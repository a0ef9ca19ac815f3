import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  type GetQueryResultsCommandOutput,
  StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { runAthenaQuery } from '../../../shared/outcomes/athena-query.ts';
import { outcomeResourceNames } from '../../../shared/outcomes/outcome-fact.ts';
import {
  QUERY_NAMES,
  querySql,
  type ReportQueryName,
  type RunQuery,
  readOutcomeFigures,
} from '../../../shared/outcomes/report-queries.ts';

const client = new AthenaClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const athena = mockClient(client);

const WINDOW = { since: '2026-03-01T00:00:00.000Z', currency: 'EUR' } as const;
const NAMES = outcomeResourceNames('Parcours');

/** A result table as Athena sends it: every value as text, NULL as a cell without a value. */
type Table = {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly (string | undefined)[])[];
};

const RESULTS: Readonly<Record<ReportQueryName, Table>> = {
  groups: {
    columns: [
      'scenario',
      'program',
      'grp',
      'entered',
      'converted',
      'revenue',
      'revenue_squares',
      'other_currency',
    ],
    rows: [
      ['cart', 'conversion', 'holdout', '14', '1', undefined, undefined, '0'],
      ['cart', 'conversion', 'treatment', '120', '9', '350.5', '1.2E4', '2'],
      ['orphan', undefined, 'treatment', '3', '0', '0.0', '0.0', '0'],
    ],
  },
  programs: {
    columns: ['program', 'grp', 'entered', 'converted', 'revenue', 'revenue_squares'],
    rows: [
      [undefined, 'treatment', '3', '0', '0.0', '0.0'],
      ['conversion', 'holdout', '14', '1', undefined, undefined],
      ['conversion', 'treatment', '120', '9', '350.5', '1.2E4'],
    ],
  },
  variants: {
    columns: ['scenario', 'step', 'variant', 'entered', 'converted', 'revenue', 'revenue_squares'],
    rows: [['cart', 'subject', 'discount', '60', '6', '180.25', '5400.5']],
  },
  steps: {
    columns: ['scenario', 'step', 'channel', 'outcome', 'reason', 'messages'],
    rows: [
      ['cart', 'cart-email', 'email', 'skipped', 'capped', '7'],
      ['cart', 'cart-email', undefined, 'sent', '', '113'],
    ],
  },
  deliveries: {
    columns: ['scenario', 'step', 'measure', 'total', 'revenue'],
    rows: [
      ['cart', 'cart-email', 'converted', '5', '210.75'],
      ['cart', 'cart-email', 'opened', '48', undefined],
    ],
  },
};

const cells = (values: readonly (string | undefined)[]) => ({
  Data: values.map((value) => (value === undefined ? {} : { VarCharValue: value })),
});

/** The query's one page, opening with the header row as Athena's first page does. */
function page(table: Table): GetQueryResultsCommandOutput {
  return {
    $metadata: {},
    ResultSet: {
      ResultSetMetadata: { ColumnInfo: table.columns.map((Name) => ({ Name, Type: 'varchar' })) },
      Rows: [cells(table.columns), ...table.rows.map(cells)],
    },
  };
}

/** Each query gets an execution id naming its file, so its results can be told apart. */
function nameOfSql(sql: string | undefined): ReportQueryName {
  const name = QUERY_NAMES.find((candidate) => querySql(candidate) === sql);
  if (name === undefined) throw new Error(`unexpected SQL: ${sql?.slice(0, 60)}`);
  return name;
}

const runOnAthena =
  (results: Readonly<Record<ReportQueryName, Table>>): RunQuery =>
  async (sql, parameters) => {
    athena.on(GetQueryResultsCommand).callsFake((input: { QueryExecutionId?: string }) => {
      const name = QUERY_NAMES.find((candidate) => input.QueryExecutionId === `query-${candidate}`);
      if (name === undefined) throw new Error(`unknown execution ${input.QueryExecutionId}`);
      return page(results[name]);
    });
    const { rows } = await runAthenaQuery(
      client,
      { sql, parameters, ...NAMES },
      { sleep: async () => undefined },
    );
    return rows;
  };

describe('readOutcomeFigures on Athena', () => {
  beforeEach(() => {
    athena.reset();
    athena.on(StartQueryExecutionCommand).callsFake((input: { QueryString?: string }) => ({
      QueryExecutionId: `query-${nameOfSql(input.QueryString)}`,
    }));
    athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  });

  it('sends each SQL file as written, with its parameters quoted in order', async () => {
    // Act
    await readOutcomeFigures(runOnAthena(RESULTS), WINDOW);

    // Assess
    const started = athena.commandCalls(StartQueryExecutionCommand).map((call) => call.args[0].input);
    const since = `'${WINDOW.since}'`;
    const currency = `'${WINDOW.currency}'`;
    expect(started.map((input) => input.QueryString)).toEqual(QUERY_NAMES.map((name) => querySql(name)));
    expect(started.map((input) => input.ExecutionParameters)).toEqual([
      [since, currency, currency, currency],
      [since, currency, currency],
      [since, currency, currency],
      [since],
      [since, currency, currency],
    ]);
    expect(new Set(started.map((input) => input.WorkGroup))).toEqual(new Set([NAMES.workGroup]));
    expect(new Set(started.map((input) => input.QueryExecutionContext?.Database))).toEqual(
      new Set([NAMES.database]),
    );
  });

  it('reads the text values back as numbers, and missing values as zero or empty', async () => {
    // Act
    const figures = await readOutcomeFigures(runOnAthena(RESULTS), WINDOW);

    // Assess
    expect(figures).toEqual({
      groups: [
        {
          scenario: 'cart',
          program: 'conversion',
          grp: 'holdout',
          entered: 14,
          converted: 1,
          revenue: 0,
          revenue_squares: 0,
          other_currency: 0,
        },
        {
          scenario: 'cart',
          program: 'conversion',
          grp: 'treatment',
          entered: 120,
          converted: 9,
          revenue: 350.5,
          revenue_squares: 12_000,
          other_currency: 2,
        },
        {
          scenario: 'orphan',
          program: '',
          grp: 'treatment',
          entered: 3,
          converted: 0,
          revenue: 0,
          revenue_squares: 0,
          other_currency: 0,
        },
      ],
      variants: [
        {
          scenario: 'cart',
          step: 'subject',
          variant: 'discount',
          entered: 60,
          converted: 6,
          revenue: 180.25,
          revenue_squares: 5400.5,
        },
      ],
      programs: [
        { program: '', grp: 'treatment', entered: 3, converted: 0, revenue: 0, revenue_squares: 0 },
        { program: 'conversion', grp: 'holdout', entered: 14, converted: 1, revenue: 0, revenue_squares: 0 },
        {
          program: 'conversion',
          grp: 'treatment',
          entered: 120,
          converted: 9,
          revenue: 350.5,
          revenue_squares: 12_000,
        },
      ],
      steps: [
        {
          scenario: 'cart',
          step: 'cart-email',
          channel: 'email',
          outcome: 'skipped',
          reason: 'capped',
          messages: 7,
        },
        { scenario: 'cart', step: 'cart-email', channel: '', outcome: 'sent', reason: '', messages: 113 },
      ],
      deliveries: [
        { scenario: 'cart', step: 'cart-email', measure: 'converted', total: 5, revenue: 210.75 },
        { scenario: 'cart', step: 'cart-email', measure: 'opened', total: 48, revenue: 0 },
      ],
    });
  });

  it('refuses a count that is not a whole number', async () => {
    // Prepare
    const broken: Record<ReportQueryName, Table> = {
      ...RESULTS,
      groups: { ...RESULTS.groups, rows: [['cart', 'conversion', 'treatment', 'many', '9', '1', '1', '0']] },
    };

    // Act
    const reading = readOutcomeFigures(runOnAthena(broken), WINDOW);

    // Assess
    await expect(reading).rejects.toBeInstanceOf(ZodError);
  });

  it('quotes a currency holding a quote as one literal', async () => {
    // Act
    await readOutcomeFigures(runOnAthena(RESULTS), { ...WINDOW, currency: "E'R" });

    // Assess
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: querySql('steps'),
      ExecutionParameters: [`'${WINDOW.since}'`],
    });
    expect(athena).toHaveReceivedCommandWith(StartQueryExecutionCommand, {
      QueryString: querySql('variants'),
      ExecutionParameters: [`'${WINDOW.since}'`, "'E''R'", "'E''R'"],
    });
  });
});

describe('outcomeResourceNames', () => {
  it.each([
    ['Parcours', 'parcours_outcomes', 'Parcours-outcomes'],
    ['Shop-Prod2', 'shop_prod2_outcomes', 'Shop-Prod2-outcomes'],
  ])('names the resources of stack %s', (stack, database, workGroup) => {
    // Act
    const names = outcomeResourceNames(stack);

    // Assess
    expect(names).toEqual({ database, workGroup, stream: workGroup });
  });
});
