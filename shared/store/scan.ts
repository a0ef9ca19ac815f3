import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Table } from './table.ts';

/**
 * Every item whose sort key starts with `prefix`, across all customers: a full table scan, which
 * only the local platform (small tables, no partition to target) uses.
 */
export async function scanBySortPrefix(table: Table, prefix: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await table.documents.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':prefix': prefix },
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
