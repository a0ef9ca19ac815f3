import * as z from 'zod/mini';
import type { ParcoursConfig } from '../../language/config.ts';
import { loadCustomerContext } from '../conditions/customer-context.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';

const Transition = z.object({ kind: z.enum(['entered', 'exited']), at: z.string(), cause: z.string() });

/**
 * How many of a segment's transitions are kept with their causes. A redelivered cause looks for
 * its own among them: with only the last kept, an entry whose journey failed to start was lost
 * for good once another event moved the customer out before the redelivery. Bounded, so a
 * customer whose segments flap keeps a small item.
 */
export const RECENT_TRANSITIONS = 8;

/** The segments a customer is in (since when), and each segment's recent transitions, oldest first. */
export const SegmentMembership = z.pipe(
  z.object({
    members: z._default(z.record(z.string(), z.object({ since: z.string() })), {}),
    recent: z._default(z.record(z.string(), z.array(Transition)), {}),
    /** Items written before `recent` kept each segment's last transition only. */
    last: z.optional(z.record(z.string(), Transition)),
    version: z._default(z.number(), 0),
  }),
  z.transform(({ last, recent, ...membership }) => ({
    ...membership,
    recent: {
      ...Object.fromEntries(Object.entries(last ?? {}).map(([segment, t]) => [segment, [t]])),
      ...recent,
    },
  })),
);
export type SegmentMembership = z.output<typeof SegmentMembership>;

/** A customer entered or left a segment at `at`, because of `cause` (an event id, or the daily sweep's). */
export type SegmentMove = { readonly segment: string } & z.infer<typeof Transition>;

/** Bursts of events for one customer each move the membership once; as for aggregates. */
const MAX_ATTEMPTS = 40;

export async function readMembership(store: ItemStore, profileId: string): Promise<SegmentMembership> {
  const item = await store.get(keys.segments(profileId));
  return SegmentMembership.parse(item ?? {});
}

/**
 * Evaluates `segments` for a customer as their profile and aggregates now read, records who
 * entered and who left (with a write conditioned on the version read), and returns those
 * transitions. A cause applied again (a redelivered event whose first delivery moved a segment
 * and then failed) finds its transitions recorded and returns them again, so what they start is
 * finished; the ids of the events they become keep that from happening twice.
 */
export async function updateMembership(
  store: ItemStore,
  config: ParcoursConfig,
  profileId: string,
  segments: readonly string[],
  cause: { readonly id: string },
  now: Date,
): Promise<SegmentMove[]> {
  if (segments.length === 0) return [];
  return withOptimisticRetry(async () => {
    const item = await store.get(keys.segments(profileId));
    const read = SegmentMembership.parse(item ?? {});
    const { profile, conditions } = await loadCustomerContext(store, config, profileId, {}, now);
    if (profile === undefined) return [];
    const members = { ...read.members };
    const recent = { ...read.recent };
    const moved: SegmentMove[] = [];
    const again: SegmentMove[] = [];
    for (const segment of segments) {
      const member = conditions.segment(segment);
      const was = segment in members;
      if (member === was) {
        const previous = recent[segment]?.findLast((transition) => transition.cause === cause.id);
        if (previous !== undefined) again.push({ segment, ...previous });
        continue;
      }
      // When it was found: a segment read at processing time (a time-based one above all) moves then.
      const transition = {
        kind: member ? 'entered' : 'exited',
        at: now.toISOString(),
        cause: cause.id,
      } as const;
      if (member) members[segment] = { since: transition.at };
      else delete members[segment];
      recent[segment] = [...(recent[segment] ?? []), transition].slice(-RECENT_TRANSITIONS);
      moved.push({ segment, ...transition });
    }
    if (moved.length === 0) return again;
    const written = await store.put(
      { ...keys.segments(profileId), members, recent, version: read.version + 1 },
      { condition: item === undefined ? when.itemAbsent : when.equals('version', read.version) },
    );
    return written ? [...again, ...moved] : CONFLICT;
  }, MAX_ATTEMPTS);
}
