import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { isConditionFailure } from '../store/optimistic.ts';
import { queryAll } from '../store/query.ts';
import { EXPIRES_AT, epochSeconds, type Table } from '../store/table.ts';
import { EventEnvelope } from './envelope.ts';

const EVENT_RETENTION_DAYS = 90;

/**
 * How a delivery finds its event: `first` when this delivery stored it; `unfinished` when an
 * earlier delivery stored it but never marked it processed (it crashed or failed midway, or is
 * still running); `processed` when it was handled to the end.
 */
export type EventRecording = 'first' | 'unfinished' | 'processed';

/**
 * Stores an event in its customer's partition once. An `unfinished` event is processed again:
 * every effect of ingest is idempotent, so finishing what a crashed delivery started is safe, and
 * treating it as a duplicate would lose it.
 */
export async function recordEvent(table: Table, event: EventEnvelope, now: Date): Promise<EventRecording> {
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...eventKey(event),
          event,
          receivedAt: now.toISOString(),
          [EXPIRES_AT]: epochSeconds(now) + EVENT_RETENTION_DAYS * 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'first';
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
  }
  const { Item } = await table.documents.send(
    new GetCommand({
      TableName: table.name,
      Key: eventKey(event),
      ProjectionExpression: 'processedAt',
      ConsistentRead: true,
    }),
  );
  return Item?.processedAt === undefined ? 'unfinished' : 'processed';
}

/** Marks an event handled to the end, so later deliveries of it are duplicates. */
export async function markProcessed(table: Table, event: EventEnvelope, now: Date): Promise<void> {
  await table.documents.send(
    new UpdateCommand({
      TableName: table.name,
      Key: eventKey(event),
      UpdateExpression: 'SET processedAt = :now',
      ExpressionAttributeValues: { ':now': now.toISOString() },
    }),
  );
}

/** A customer's events from a time on, oldest first, however many pages they take. */
export async function eventsSince(table: Table, profileId: string, since: string): Promise<EventEnvelope[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: {
      ':pk': keys.profile(profileId).pk,
      ':from': `${SORT_PREFIX.event}${since}`,
      ':to': `${SORT_PREFIX.event}\uffff`,
    },
  });
  return items.map((item) => EventEnvelope.parse(item.event));
}

function eventKey(event: EventEnvelope) {
  return keys.event(event.detail.profileId, new Date(event.time).toISOString(), event.id);
}
