import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { keys } from '../../shared/store/keys.ts';
import { queryAll } from '../../shared/store/query.ts';
import { scanBySortPrefix } from '../../shared/store/scan.ts';
import type { Table } from '../../shared/store/table.ts';
import { ExecutionRecord } from './execution-record.ts';

const PREFIX = 'LOCAL-EXECUTION#';

/**
 * The local platform keeps its executions beside the customer's other items, where AWS keeps them
 * in Step Functions: a trace is still one Query, and a restart finds the journeys to resume.
 */
export async function saveExecution(table: Table, record: ExecutionRecord): Promise<void> {
  await table.documents.send(
    new PutCommand({
      TableName: table.name,
      Item: { pk: keys.profile(record.profileId).pk, sk: `${PREFIX}${record.name}`, ...record },
    }),
  );
}

export async function executionsOf(table: Table, profileId: string): Promise<ExecutionRecord[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.profile(profileId).pk, ':prefix': PREFIX },
  });
  return items
    .map((item) => ExecutionRecord.parse(item))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}

/** Every execution of the data folder. */
export async function allExecutions(table: Table): Promise<ExecutionRecord[]> {
  const items = await scanBySortPrefix(table, PREFIX);
  return items
    .map((item) => ExecutionRecord.parse(item))
    .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
