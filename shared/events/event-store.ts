import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { isConditionFailure } from '../store/optimistic.ts';
import { EXPIRES_AT, epochSeconds, type Table } from '../store/table.ts';
import { EventEnvelope } from './envelope.ts';

const EVENT_RETENTION_DAYS = 90;

/** Stores an event in its customer's partition once; false when it was already there. */
export async function recordEvent(table: Table, event: EventEnvelope, now: Date): Promise<boolean> {
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
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}

/** A customer's events from a time on, oldest first. */
export async function eventsSince(table: Table, profileId: string, since: string): Promise<EventEnvelope[]> {
  const { Items = [] } = await table.documents.send(
    new QueryCommand({
      TableName: table.name,
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': keys.profile(profileId).pk,
        ':from': `${SORT_PREFIX.event}${since}`,
        ':to': `${SORT_PREFIX.event}\uffff`,
      },
    }),
  );
  return Items.map((item) => EventEnvelope.parse(item.event));
}

/** Undoes recordEvent, so that the redelivery of an event whose processing failed is not a duplicate. */
export async function forgetEvent(table: Table, event: EventEnvelope): Promise<void> {
  await table.documents.send(new DeleteCommand({ TableName: table.name, Key: eventKey(event) }));
}

function eventKey(event: EventEnvelope) {
  return keys.event(event.detail.profileId, new Date(event.time).toISOString(), event.id);
}
