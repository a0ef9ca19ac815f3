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
 * Claims the wait for one delivery of an event before its journey is resumed or ended. The claim
 * is the same write however often it is sent (`claim` names the attempt), so an SDK retry of one
 * whose answer was lost still holds it; the wait was deleted first before, and that retry read as
 * "taken by another", or a crash after the delete left no wait for the redelivery: either way the
 * journey was never resumed. A claim of the same event older than CLAIM_STALE_MS is a delivery
 * that died holding it, taken over by the redelivery.
 * - `claimed`: this attempt holds the wait;
 * - `taken`: another event holds it, or it is gone or registered again;
 * - `busy`: another delivery of this event claimed it a moment ago (it may still be settling it).
 */
export async function claimWait(
  store: ItemStore,
  item: WaitingItem,
  attempt: { readonly eventId: string; readonly claim: string; readonly now: Date },
): Promise<'claimed' | 'taken' | 'busy'> {
  const key = { pk: item.pk, sk: item.sk };
  const staleBefore = new Date(attempt.now.getTime() - CLAIM_STALE_MS).toISOString();
  const claimed = await store.set(
    key,
    { [TAKEN_BY]: attempt.eventId, [CLAIM]: attempt.claim, [CLAIMED_AT]: attempt.now.toISOString() },
    {
      condition: when.and(
        when.itemPresent,
        when.equals('token', item.token),
        when.or(
          when.missing(TAKEN_BY),
          when.equals(CLAIM, attempt.claim),
          when.and(when.equals(TAKEN_BY, attempt.eventId), when.atOrBefore(CLAIMED_AT, staleBefore)),
        ),
      ),
    },
  );
  if (claimed) return 'claimed';
  const now = await store.get(key);
  return now?.token === item.token && now[TAKEN_BY] === attempt.eventId ? 'busy' : 'taken';
}

/** Deletes a wait its claim settled with Step Functions. */
export async function finishWait(store: ItemStore, item: WaitingItem, claim: string): Promise<void> {
  await store.delete({ pk: item.pk, sk: item.sk }, { condition: when.equals(CLAIM, claim) });
}

/**
 * Lets go of a claim whose call to Step Functions failed (transiently), so that any event, this
 * one redelivered or another, can settle the wait. Never touches a wait registered since.
 */
export async function releaseWait(store: ItemStore, item: WaitingItem, claim: string): Promise<void> {
  await store.put(item, { condition: when.and(when.equals('token', item.token), when.equals(CLAIM, claim)) });
}

/**
 * How long a claim may be held: one call to Step Functions, a second or so. Past this its
 * delivery died (ingest stops after 30 s), and the redelivery, which EventBridge sends a minute or
 * more later, takes it over.
 */
export const CLAIM_STALE_MS = 60_000;

/** The event that claimed the wait, the attempt, and when (see claimWait). */
const TAKEN_BY = 'takenBy';
const CLAIM = 'claim';
const CLAIMED_AT = 'claimedAt';
