import * as z from 'zod/mini';
import { durationSeconds } from '../../language/duration.ts';
import type { Reentry } from '../../language/scenario.ts';
import { EventEnvelope } from '../events/envelope.ts';
import { FactGroup } from '../outcomes/outcome-fact.ts';
import { EXPIRES_AT, epochSeconds } from '../store/expiry.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys, SORT_PREFIX } from '../store/keys.ts';
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
 */
export async function recordEntry(
  store: ItemStore,
  record: JourneyRecord,
  reentry: Reentry,
  now: Date,
): Promise<EntryDecision> {
  const key = keys.journey(record.profileId, record.scenario, record.journeyKey);
  const afterSeconds = typeof reentry === 'object' ? durationSeconds(reentry.after) : undefined;
  const allowed = [
    when.itemAbsent,
    when.equals('eventId', record.eventId),
    when.atOrBefore(EXPIRES_AT, epochSeconds(now)),
  ];
  const threshold =
    afterSeconds === undefined
      ? []
      : [when.atOrBefore('enteredAt', new Date(now.getTime() - afterSeconds * 1000).toISOString())];
  const retentionSeconds = Math.max(JOURNEY_RETENTION_DAYS * 86_400, afterSeconds ?? 0);
  const keptForGood = reentry === 'never' && record.journeyKey === PROFILE_JOURNEY_KEY;
  const entered = await store.put(
    { ...key, ...record, ...(keptForGood ? {} : { [EXPIRES_AT]: epochSeconds(now) + retentionSeconds }) },
    { condition: when.or(...allowed, ...threshold) },
  );
  if (entered) return { entered: true };
  return { entered: false, reason: afterSeconds === undefined ? 'already-entered' : 'reentry-too-soon' };
}

export async function getJourney(
  store: ItemStore,
  ref: Pick<JourneyRef, 'profileId' | 'scenario' | 'key'>,
): Promise<JourneyRecord | undefined> {
  const item = await store.get(keys.journey(ref.profileId, ref.scenario, ref.key));
  return item === undefined ? undefined : JourneyRecord.parse(item);
}

/**
 * Every journey record of a customer. Each holds its trigger event (up to 256 KB), so a handful
 * of journeys already passes one 1 MB page: every page is read.
 */
export async function journeysOf(store: ItemStore, profileId: string): Promise<JourneyRecord[]> {
  const items = await store.query(keys.profile(profileId).pk, { prefix: SORT_PREFIX.journey });
  return items.map((item) => JourneyRecord.parse(item));
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
  return store.set(
    keys.journey(record.profileId, record.scenario, record.journeyKey),
    { convertedAt: by.time, convertedBy: by.id },
    {
      condition: when.and(
        when.itemPresent,
        when.equals('execution', record.execution),
        // The mark read, by its time (records written before `convertedBy` have no event id).
        record.convertedAt === undefined
          ? when.missing('convertedAt')
          : when.equals('convertedAt', record.convertedAt),
      ),
    },
  );
}
