import {
  CloudWatchLogsClient,
  GetQueryResultsCommand,
  StartQueryCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { insightsString, runInsightsQuery } from '../../../local/console/sources/aws/logs-insights.ts';

const logs = mockClient(CloudWatchLogsClient);
const client = new CloudWatchLogsClient({ region: 'eu-west-1' });
const query = {
  logGroup: '/aws/vendedlogs/states/Parcours-win-back',
  query: 'stats count(*) as n',
  from: new Date('2026-01-01T00:00:00.500Z'),
  to: new Date('2026-02-01T00:00:00.500Z'),
};

afterEach(() => logs.reset());

describe('a Logs Insights query', () => {
  it('asks over whole seconds covering the window, and reads each row by field', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q1' });
    logs
      .on(GetQueryResultsCommand)
      .resolvesOnce({ status: 'Scheduled' })
      .resolves({
        status: 'Complete',
        results: [[{ field: 'state', value: 'Wait 1 day' }, { field: 'n', value: '7' }, { field: '@ptr' }]],
      });
    const slept: number[] = [];
    const rows = await runInsightsQuery(client, query, async (ms) => {
      slept.push(ms);
    });
    expect(rows).toEqual([{ state: 'Wait 1 day', n: '7' }]);
    expect(slept).toHaveLength(1);
    expect(logs.commandCalls(StartQueryCommand)[0]?.args[0].input).toMatchObject({
      logGroupNames: [query.logGroup],
      startTime: Date.parse('2026-01-01T00:00:00Z') / 1000,
      endTime: Date.parse('2026-02-01T00:00:01Z') / 1000,
      limit: 10_000,
    });
  });

  it('gives up on a query that outlasts its time and says so, naming it and its log group', async () => {
    logs.on(StartQueryCommand).resolves({ queryId: 'q-slow' });
    logs.on(GetQueryResultsCommand).resolves({ status: 'Running' });
    let polls = 0;
    await expect(
      runInsightsQuery(client, query, async () => {
        polls += 1;
      }),
    ).rejects.toThrow(
      'Logs Insights query q-slow on /aws/vendedlogs/states/Parcours-win-back did not end within 120 s',
    );
    expect(polls).toBe(240);
  });

  it('lets other errors through as they are', async () => {
    logs
      .on(StartQueryCommand)
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'LimitExceededException' }));
    await expect(runInsightsQuery(client, query, async () => undefined)).rejects.toThrow('Rate exceeded');
  });
});

describe('a string in a Logs Insights query', () => {
  it('keeps quotes and backslashes inside the literal', () => {
    expect(insightsString('say "hi" \\ bye')).toBe('"say \\"hi\\" \\\\ bye"');
  });
});
