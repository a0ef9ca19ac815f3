import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys, REJECTED_SHARDS, rejectedPartition } from '../store/keys.ts';
import { EXPIRES_AT, epochSeconds, type Table } from '../store/table.ts';

const REJECTED_RETENTION_DAYS = 30;

/** An event ingest could not accept, kept as received so an engineer can see why and replay it. */
export const RejectedEvent = z.object({
  eventId: z.string(),
  /** Names the field at fault, e.g. `detail.profileId: Invalid input: expected string`. */
  reason: z.string(),
  raw: z.unknown(),
  receivedAt: z.string(),
});
export type RejectedEvent = z.infer<typeof RejectedEvent>;

/**
 * Keeps a rejected event under the day it was received: the event's own time may be the very
 * field that is invalid, and "what did we reject today" is the question asked of this store.
 */
export async function keepRejected(
  table: Table,
  rejected: Omit<RejectedEvent, 'receivedAt'>,
  now: Date,
): Promise<void> {
  const receivedAt = now.toISOString();
  await table.documents.send(
    new PutCommand({
      TableName: table.name,
      Item: {
        ...keys.rejected(dayOf(receivedAt), rejected.eventId, receivedAt),
        ...rejected,
        receivedAt,
        [EXPIRES_AT]: epochSeconds(now) + REJECTED_RETENTION_DAYS * 86_400,
      },
    }),
  );
}

/** A day's rejected events (`yyyy-mm-dd`, UTC), oldest first: one Query per shard. */
export async function rejectedOn(table: Table, day: string): Promise<RejectedEvent[]> {
  const shards = await Promise.all(
    Array.from({ length: REJECTED_SHARDS }, async (_, shard) => {
      const { Items = [] } = await table.documents.send(
        new QueryCommand({
          TableName: table.name,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': rejectedPartition(day, shard) },
        }),
      );
      return Items.map((item) => RejectedEvent.parse(item));
    }),
  );
  return shards.flat().sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
}

function dayOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}
