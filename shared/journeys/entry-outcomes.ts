import * as z from 'zod/mini';
import { EXPIRES_AT, epochSeconds, isExpired } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
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
  store: ItemStore,
  record: EntryOutcomeRecord,
  now: Date,
): Promise<EntryOutcomeRecord> {
  const key = keys.entryOutcome(record.profileId, record.eventId, record.scenario);
  const recorded = await store.put(
    {
      ...key,
      ...EntryOutcomeRecord.parse(record),
      [EXPIRES_AT]: epochSeconds(new Date(now.getTime() + ENTRY_OUTCOME_RETENTION_DAYS * DAY_MS)),
    },
    // An expired item still there (DynamoDB deletes within days; dynalite never) counts as absent.
    {
      condition: when.or(
        when.itemAbsent,
        when.equals('outcome', 'failed'),
        when.atOrBefore(EXPIRES_AT, epochSeconds(now)),
      ),
    },
  );
  if (recorded) return record;
  const standing = await entryOutcomeOf(store, record, now);
  if (standing === undefined) throw new Error(`the entry outcome of ${key.sk} was refused, then not found`);
  return standing;
}

/** The outcome recorded for this event and scenario, if any (and not expired). */
export async function entryOutcomeOf(
  store: ItemStore,
  ref: Pick<EntryOutcomeRecord, 'profileId' | 'eventId' | 'scenario'>,
  now: Date,
): Promise<EntryOutcomeRecord | undefined> {
  const item = await store.get(keys.entryOutcome(ref.profileId, ref.eventId, ref.scenario));
  return item === undefined || isExpired(item, now) ? undefined : EntryOutcomeRecord.parse(item);
}

/** Every entry outcome of a customer still kept, oldest trigger first, read to the last page. */
export async function entryOutcomesOf(
  store: ItemStore,
  profileId: string,
  now: Date,
): Promise<EntryOutcomeRecord[]> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.entryOutcome });
  return items
    .filter((item) => !isExpired(item, now))
    .map((item) => EntryOutcomeRecord.parse(item))
    .sort((a, b) => a.eventTime.localeCompare(b.eventTime) || a.scenario.localeCompare(b.scenario));
}
