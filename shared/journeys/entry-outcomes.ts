import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { isConditionFailure } from '../store/optimistic.ts';
import { queryAll } from '../store/query.ts';
import { EXPIRES_AT, epochSeconds, isExpired, type Table } from '../store/table.ts';
import { EntryOutcome } from './start-journey.ts';

/**
 * How long the answer to "why did this event not start that journey?" is kept. Far longer than any
 * redelivery (EventBridge retries for 24 hours at most), which is what makes the recorded outcome
 * the one a redelivered event finds and keeps.
 */
export const ENTRY_OUTCOME_RETENTION_DAYS = 30;
const DAY_MS = 86_400_000;

const EntryOutcomeFacts = z.object({
  profileId: z.string(),
  eventId: z.string(),
  scenario: z.string(),
  /** The trigger's type and time, so a trace lists entries without reading the events. */
  eventType: z.string(),
  eventTime: z.string(),
  decidedAt: z.string(),
});

/** What one event did for one scenario it triggered, in the customer's partition. */
export const EntryOutcomeRecord = z.intersection(EntryOutcomeFacts, EntryOutcome);
export type EntryOutcomeRecord = z.infer<typeof EntryOutcomeRecord>;

/**
 * Records an entry outcome unless one is already decided for this event and scenario: the first
 * decision stands, so a redelivered event reports (and acts on) what its first delivery decided.
 * Only a `failed` outcome is replaced, by the retry's. Returns the outcome that stands.
 */
export async function recordEntryOutcome(
  table: Table,
  record: EntryOutcomeRecord,
  now: Date,
): Promise<EntryOutcomeRecord> {
  const key = keys.entryOutcome(record.profileId, record.eventId, record.scenario);
  try {
    await table.documents.send(
      new PutCommand({
        TableName: table.name,
        Item: {
          ...key,
          ...EntryOutcomeRecord.parse(record),
          [EXPIRES_AT]: epochSeconds(new Date(now.getTime() + ENTRY_OUTCOME_RETENTION_DAYS * DAY_MS)),
        },
        // An expired item still there (DynamoDB deletes within days; dynalite never) counts as absent.
        ConditionExpression: 'attribute_not_exists(pk) OR #outcome = :failed OR #expiresAt <= :now',
        ExpressionAttributeNames: { '#outcome': 'outcome', '#expiresAt': EXPIRES_AT },
        ExpressionAttributeValues: { ':failed': 'failed', ':now': epochSeconds(now) },
      }),
    );
    return record;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    const standing = await entryOutcomeOf(table, record, now);
    if (standing === undefined) throw error;
    return standing;
  }
}

/** The outcome recorded for this event and scenario, if any (and not expired). */
export async function entryOutcomeOf(
  table: Table,
  ref: Pick<EntryOutcomeRecord, 'profileId' | 'eventId' | 'scenario'>,
  now: Date,
): Promise<EntryOutcomeRecord | undefined> {
  const { Item } = await table.documents.send(
    new GetCommand({
      TableName: table.name,
      Key: keys.entryOutcome(ref.profileId, ref.eventId, ref.scenario),
      ConsistentRead: true,
    }),
  );
  return Item === undefined || isExpired(Item, now) ? undefined : EntryOutcomeRecord.parse(Item);
}

/** Every entry outcome of a customer still kept, oldest trigger first, read to the last page. */
export async function entryOutcomesOf(
  table: Table,
  profileId: string,
  now: Date,
): Promise<EntryOutcomeRecord[]> {
  const items = await queryAll(table, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.profile(profileId).pk, ':prefix': SORT_PREFIX.entryOutcome },
  });
  return items
    .filter((item) => !isExpired(item, now))
    .map((item) => EntryOutcomeRecord.parse(item))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.scenario.localeCompare(b.scenario));
}
