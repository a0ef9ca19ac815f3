import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
  type StartQueryCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  enteredByState,
  enteredByStateAmong,
  type JourneyLog,
  waitingByState,
  waitingIn,
} from '../../../local/console/sources/aws/journey-logs.ts';

const logs = mockClient(CloudWatchLogsClient);
const log: JourneyLog = {
  client: new CloudWatchLogsClient({ region: 'eu-west-1' }),
  logGroup: '/aws/vendedlogs/states/Parcours-abandoned-cart',
  from: new Date('2025-12-01T00:00:00Z'),
  to: new Date('2026-12-01T00:00:00Z'),
  sleep: async () => undefined,
};
let asked: string[];

beforeEach(() => {
  asked = [];
  logs.on(StartQueryCommand).callsFake(async (input: StartQueryCommandInput) => {
    asked.push(input.queryString ?? '');
    return { queryId: `q${asked.length}` };
  });
  logs.on(GetQueryResultsCommand).resolves({
    status: 'Complete',
    results: [
      [
        { field: 'state', value: 'Wait 1 day' },
        { field: 'entered', value: '2' },
      ],
    ],
  });
});
afterEach(() => logs.reset());

const KEYWORDS = new Set(
  'filter fields stats sort limit parse as by and or in not like desc asc count latest min max sum'.split(
    ' ',
  ),
);

/**
 * The rules of the Logs Insights language that a query can break and still look right: at most
 * two `stats`; after the first, only the fields it defined (its aliases and its `by` fields, then
 * the second's own); `sort` and `limit` after the last `stats`.
 */
function checkShape(query: string): string[] {
  const problems: string[] = [];
  const commands = query.split(/\n\|\s*/).map((command) => command.trim());
  const stats = commands.flatMap((command, index) => (command.startsWith('stats ') ? [index] : []));
  if (stats.length > 2) problems.push(`${stats.length} stats commands`);
  const last = stats.at(-1) ?? -1;
  commands.forEach((command, index) => {
    if (/^(sort|limit) /.test(command) && index < last) problems.push(`"${command}" before the last stats`);
  });
  const first = stats[0];
  if (first === undefined) return problems;
  const defined = new Set<string>();
  const define = (command: string) => {
    for (const [, alias] of command.matchAll(/ as (\w+)/g)) if (alias !== undefined) defined.add(alias);
    const by = / by (.+)$/.exec(command)?.[1];
    for (const field of by?.split(',') ?? []) defined.add(field.trim().split(' ')[0] ?? '');
  };
  define(commands[first] ?? '');
  for (const command of commands.slice(first + 1)) {
    const words = command.replace(/"(?:[^"\\]|\\.)*"/g, '').match(/[A-Za-z_@][\w.@]*/g) ?? [];
    if (command.startsWith('stats ')) define(command);
    for (const word of words)
      if (!KEYWORDS.has(word) && !defined.has(word) && !/^\d/.test(word))
        problems.push(`"${word}" in "${command}" is not a field the first stats defined`);
  }
  return problems;
}

describe("the journey log's queries", () => {
  it('keep to what Logs Insights accepts', async () => {
    await enteredByState(log);
    await waitingByState(log);
    await waitingIn(log, 'Wait "1" day', 200);
    await enteredByStateAmong(log, ['mia_abandoned-cart_0123456789ab']);
    expect(asked).toHaveLength(4);
    for (const query of asked) expect(checkShape(query), query).toEqual([]);
    expect(asked[2]).toContain('filter current = "Wait \\"1\\" day"');
  });

  it('finds a broken query broken', () => {
    expect(checkShape('fields a\n| stats count(*) as n by b\n| stats max(a) as m')).toEqual([
      '"a" in "stats max(a) as m" is not a field the first stats defined',
    ]);
    expect(checkShape('stats count(*) as n by b\n| sort n desc\n| stats sum(n) as total')).toContain(
      '"sort n desc" before the last stats',
    );
  });

  it('cuts many converted journeys into queries that fit, and adds up their counts', async () => {
    const names = Array.from({ length: 500 }, (_, index) => `customer-${index}_abandoned-cart_0123456789ab`);
    const counts = await enteredByStateAmong(log, names);
    expect(asked.length).toBeGreaterThan(1);
    for (const query of asked) expect(query.length).toBeLessThanOrEqual(10_000);
    const named = asked.flatMap((query) =>
      [...query.matchAll(/"(customer-\d+_[^"]+)"/g)].map((match) => match[1]),
    );
    expect(named.sort()).toEqual([...names].sort());
    expect(counts.get('Wait 1 day')).toBe(2 * asked.length);
  });
});
