import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { allPages } from './query.ts';
import type { Table } from './table.ts';

/**
 * Every item whose sort key starts with `prefix`, across all customers: a full table scan, which
 * only the local platform (small tables, no partition to target) uses.
 */
export function scanBySortPrefix(table: Table, prefix: string): Promise<Record<string, unknown>[]> {
  return allPages((start) =>
    table.documents.send(
      new ScanCommand({
        TableName: table.name,
        FilterExpression: 'begins_with(sk, :prefix)',
        ExpressionAttributeValues: { ':prefix': prefix },
        ...(start === undefined ? {} : { ExclusiveStartKey: start }),
      }),
    ),
  );
}
