import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys } from '../store/keys.ts';
import type { Table } from '../store/table.ts';

export const SuppressionReason = z.enum(['bounce', 'complaint', 'manual']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

export async function isSuppressed(table: Table, channel: string, address: string): Promise<boolean> {
  const { Item } = await table.documents.send(
    new GetCommand({ TableName: table.name, Key: keys.suppression(channel, address) }),
  );
  return Item !== undefined;
}

/** Suppresses an address for every journey; the key holds a hash, never the address. */
export async function suppress(
  table: Table,
  channel: string,
  address: string,
  reason: SuppressionReason,
  at: string,
): Promise<void> {
  await table.documents.send(
    new PutCommand({ TableName: table.name, Item: { ...keys.suppression(channel, address), reason, at } }),
  );
}
