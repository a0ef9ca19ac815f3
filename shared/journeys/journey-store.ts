import * as z from 'zod/mini';
import { durationSeconds } from '../../language/duration.ts';
import type { Reentry } from '../../language/scenario.ts';
import { EventEnvelope } from '../events/envelope.ts';
import { FactGroup } from '../outcomes/outcome-fact.ts';
import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';
import type { JourneyRef } from './journey-input.ts';

export const JourneyRecord = z.pipe(
  z.object({
    scenario: z.string(),
    profileId: z.string(),
    journeyKey: z.string(),
    execution: z.string(),
    eventId: z.string(),
    enteredAt: z.string(),
    /** Where the journey stands for measurement (see shared/outcomes/placement.ts). */
    group: z.optional(FactGroup),
    /** Records written before groups existed only say whether the journey was held out. */
    holdout: z.optional(z.boolean()),
    variants: z._default(z.record(z.string(), z.string()), {}),
    /** The scenario version the journey entered on. */
    version: z.optional(z.string()),
    /** The event that started the journey: templates loop over its items. */
    trigger: EventEnvelope,
    convertedAt: z.optional(z.string()),
    /** The goal event that converted the journey, so a redelivery of it writes its fact again. */
    convertedBy: z.optional(z.string()),
    /**
     * When a re-entry replaced the journey under its key: it is then kept under a key of its own
     * (keys.supersededJourney), and its window and steps go on.
     */
    supersededAt: z.optional(z.string()),
  }),
  z.transform(({ holdout, group, ...record }) => ({
    ...record,
    group: group ?? (holdout === true ? ('holdout' as const) : ('treatment' as const)),
  })),
);
export type JourneyRecord = z.output<typeof JourneyRecord>;

/**
 * How long a journey record is kept after its entry. A Step Functions execution lasts at most a
 * year, so every step, goal check and trace of the journey is over by then; 400 days matches the
 * send ledger, so attribution finds the journey of every send it still holds. A longer re-entry
 * period (`after: 500d`) keeps the record until that period ends, since the record is what
 * enforces it. The one record kept for good is a scenario's single entry of a customer under
 * `reentry: never` without a journey key: "enters once" stays true for ever, and a customer holds
 * at most one such record per scenario, so they cannot pile up. With a key (one journey per cart)
 * `never` means "not within 400 days" for the same key, since keys are unbounded.
 */
export const JOURNEY_RETENTION_DAYS = 400;

/** The journey key of scenarios that declare none: one journey per customer. */
export const PROFILE_JOURNEY_KEY = 'profile';

export type EntryDecision =
  | { entered: true }
  | { entered: false; reason: 'already-entered' | 'reentry-too-soon' };

/**
 * Records an entry if the re-entry policy allows it, with one conditional write. The same delivery
 * retried (same event id) is allowed through, so a crash between this write and StartExecution
 * does not lose the journey; StartExecution's name then keeps it single. An expired record (kept
 * past its TTL because deletion lags, or because dynalite has none) no longer blocks an entry.
 *
 * A re-entry (`reentry: { after }`) replaces a journey whose goal window may still be open and
 * whose steps may still run: that journey is first kept under its own key (supersedeJourney), so
 * an order that comes late for it still converts it and its steps still read its own trigger.
 * Before, the newer record took its place: a goal event dated before the re-entry, arriving after
 * it, converted nothing, and the older journey's next message showed the newer trigger's cart.
 */
export async function recordEntry(
  store: ItemStore,
  record: JourneyRecord,
  reentry: Reentry,
  now: Date,
): Promise<EntryDecision> {
  const key = keys.journey(record.profileId, record.scenario, record.journeyKey);
  const afterSeconds = typeof reentry === 'object' ? durationSeconds(reentry.after) : undefined;
  const retentionSeconds = Math.max(JOURNEY_RETENTION_DAYS * 86_400, afterSeconds ?? 0);
  const keptForGood = reentry === 'never' && record.journeyKey === PROFILE_JOURNEY_KEY;
  const item = {
    ...key,
    ...record,
    ...(keptForGood ? {} : { [EXPIRES_AT]: epochSeconds(now) + retentionSeconds }),
  };
  const firstOrSame = [
    when.itemAbsent,
    when.equals('eventId', record.eventId),
    when.atOrBefore(EXPIRES_AT, epochSeconds(now)),
  ];
  if (afterSeconds === undefined) {
    // `never` and `always` replace nothing that still counts (`always` keys each entry apart).
    if (await store.put(item, { condition: when.or(...firstOrSame) })) return { entered: true };
    return { entered: false, reason: 'already-entered' };
  }
  const threshold = new Date(now.getTime() - afterSeconds * 1000).toISOString();
  return withOptimisticRetry(async () => {
    if (await store.put(item, { condition: when.or(...firstOrSame) })) return { entered: true };
    const current = await store.get(key);
    if (current === undefined) return CONFLICT;
    const earlier = JourneyRecord.parse(current);
    if (earlier.eventId === record.eventId) return CONFLICT;
    if (earlier.enteredAt > threshold) return { entered: false, reason: 'reentry-too-soon' as const };
    await supersedeJourney(store, current, earlier, now);
    // Conditioned on the journey as kept: a conversion marked since makes both be written again.
    const replaced = await store.put(item, { condition: unchangedSince(earlier) });
    return replaced ? { entered: true } : CONFLICT;
  });
}

/** Keeps a journey a re-entry replaces under its own key, as it stood, until it would have expired. */
async function supersedeJourney(
  store: ItemStore,
  stored: Readonly<Record<string, unknown>>,
  journey: JourneyRecord,
  now: Date,
): Promise<void> {
  const expiresAt = stored[EXPIRES_AT];
  await store.put({
    ...keys.supersededJourney(journey.profileId, journey.scenario, journey.execution),
    ...journey,
    supersededAt: now.toISOString(),
    ...(typeof expiresAt === 'number' ? { [EXPIRES_AT]: expiresAt } : {}),
  });
}

/** The journey's item still holds this execution with the conversion mark read. */
function unchangedSince(record: JourneyRecord) {
  return when.and(
    when.itemPresent,
    when.equals('execution', record.execution),
    // The mark read, by its time (records written before `convertedBy` have no event id).
    record.convertedAt === undefined
      ? when.missing('convertedAt')
      : when.equals('convertedAt', record.convertedAt),
  );
}

/** The journey now under the key (the latest entry for it), whatever execution it is. */
export async function getJourney(
  store: ItemStore,
  ref: Pick<JourneyRef, 'profileId' | 'scenario' | 'key'>,
): Promise<JourneyRecord | undefined> {
  const item = await store.get(keys.journey(ref.profileId, ref.scenario, ref.key));
  return item === undefined ? undefined : JourneyRecord.parse(item);
}

/**
 * The record of one journey, by its execution: under its key while it is the latest entry, under
 * its own once a re-entry replaced it (undefined for one replaced before they were kept).
 */
export async function journeyOf(
  store: ItemStore,
  ref: Pick<JourneyRef, 'profileId' | 'scenario' | 'key' | 'execution'>,
): Promise<JourneyRecord | undefined> {
  const current = await getJourney(store, ref);
  if (current === undefined || current.execution === ref.execution) return current;
  const item = await store.get(keys.supersededJourney(ref.profileId, ref.scenario, ref.execution));
  return item === undefined ? undefined : JourneyRecord.parse(item);
}

/**
 * Every journey record of a customer, the latest entry for each key and those re-entries
 * replaced, each once. Each holds its trigger event (up to 256 KB), so a handful of journeys
 * already passes one 1 MB page: every page is read.
 */
export async function journeysOf(store: ItemStore, profileId: string): Promise<JourneyRecord[]> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.anyJourney });
  const records = items.map((item) => JourneyRecord.parse(item));
  // A journey kept as replaced whose replacement did not happen (a conversion raced it, and the
  // entry was then refused) is also still under its key, which is the one that counts.
  const current = new Set(
    records.filter((record) => record.supersededAt === undefined).map((r) => r.execution),
  );
  return records.filter((record) => record.supersededAt === undefined || !current.has(record.execution));
}

/**
 * Marks a journey converted by one event, if its mark is still the one read in `record` (none, or
 * another goal event's): false when another delivery changed it since, or the journey was
 * re-entered.
 */
export function markConverted(
  store: ItemStore,
  record: JourneyRecord,
  by: { readonly id: string; readonly time: string },
): Promise<boolean> {
  const key =
    record.supersededAt === undefined
      ? keys.journey(record.profileId, record.scenario, record.journeyKey)
      : keys.supersededJourney(record.profileId, record.scenario, record.execution);
  return store.set(key, { convertedAt: by.time, convertedBy: by.id }, { condition: unchangedSince(record) });
}
