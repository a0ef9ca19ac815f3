import * as z from 'zod/mini';
import { EventPattern } from '../../language/event-pattern.ts';
import { EXPIRES_AT, epochSeconds, isExpired } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import type { JourneyRef } from './journey-input.ts';

/**
 * A journey paused on a `wait-for` step: the Step Functions task token that resumes it and the
 * pattern of the event it waits for. Lives in the customer's partition, so ingest finds every
 * wait of a customer with one Query when one of their events arrives.
 */
export const WaitingItem = z.object({
  pk: z.string(),
  sk: z.string(),
  profileId: z.string(),
  scenario: z.string(),
  execution: z.string(),
  step: z.string(),
  token: z.string().check(z.minLength(1)),
  pattern: EventPattern,
  registeredAt: z.string(),
  [EXPIRES_AT]: z.number(),
});
export type WaitingItem = z.infer<typeof WaitingItem>;

export type WaitRegistration = {
  readonly journey: JourneyRef;
  readonly step: string;
  readonly token: string;
  readonly pattern: EventPattern;
  readonly timeoutSeconds: number;
};

/**
 * Stores the token of a wait. Unconditional on purpose: a retried wait-for Task gets a new token
 * from Step Functions, and only the newest one can still resume the execution.
 */
export async function registerWait(
  store: ItemStore,
  wait: WaitRegistration,
  now: Date,
): Promise<WaitingItem> {
  const { journey } = wait;
  const item: WaitingItem = {
    ...keys.waiting(journey.profileId, journey.execution, wait.step),
    profileId: journey.profileId,
    scenario: journey.scenario,
    execution: journey.execution,
    step: wait.step,
    token: wait.token,
    pattern: wait.pattern,
    registeredAt: now.toISOString(),
    // The state's TimeoutSeconds ends the wait in Step Functions; after it the token is useless.
    [EXPIRES_AT]: epochSeconds(now) + wait.timeoutSeconds,
  };
  await store.put(item);
  return item;
}

/** The customer's waits that have not timed out (dynalite has no TTL, so expiry is checked here). */
export async function waitsOf(store: ItemStore, profileId: string, now: Date): Promise<WaitingItem[]> {
  // Reads are consistent: a wait registered a moment ago must be seen, or its journey would miss the event.
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.waiting });
  return items.filter((item) => !isExpired(item, now)).map((item) => WaitingItem.parse(item));
}

/**
 * Deletes the wait if it still holds the token that was read, and says whether this caller did:
 * of two concurrent deliveries only one takes it, so a journey is never resumed twice, and a wait
 * re-registered with a newer token is left for a reader who saw that token.
 */
export function takeWait(store: ItemStore, item: WaitingItem): Promise<boolean> {
  return store.delete(
    { pk: item.pk, sk: item.sk },
    { condition: when.and(when.itemPresent, when.equals('token', item.token)) },
  );
}

/**
 * Puts back a wait that was taken but could not be resumed (Step Functions failed transiently),
 * so a redelivery of the event can try again. Never overwrites a wait registered since.
 */
export async function restoreWait(store: ItemStore, item: WaitingItem): Promise<void> {
  await store.put(item, { condition: when.itemAbsent });
}
