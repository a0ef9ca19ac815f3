import * as z from 'zod';
import { Duration, durationSeconds } from '../../language/duration.ts';
import { listedFrom, RejectedEvent, rejectedBetween } from '../../shared/ingest/rejected-store.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';

/** Which rejected events to list: one UTC day, or those received within a duration before now. */
export const RejectedRange = z.union([
  z.strictObject({ day: z.iso.date() }),
  z.strictObject({ since: Duration }),
]);
export type RejectedRange = z.infer<typeof RejectedRange>;

/** When nothing is asked: what went wrong lately. */
export const DEFAULT_REJECTED_RANGE: RejectedRange = { since: '1d' };

/** What `GET /rejected` answers and `parcours rejected --json` prints. */
export const RejectedListing = z.object({
  /**
   * Received times covered, inclusive (journey time): the range asked for, from the first of the
   * days the store keeps rejected events when it starts before them.
   */
  from: z.string(),
  to: z.string(),
  events: z.array(RejectedEvent),
});
export type RejectedListing = z.infer<typeof RejectedListing>;

export async function listRejected(
  store: ItemStore,
  range: RejectedRange,
  now: Date,
): Promise<RejectedListing> {
  const { from, to } = boundsOf(range, now);
  const events = await rejectedBetween(store, from, to);
  return { from: listedFrom(from, to).toISOString(), to: to.toISOString(), events };
}

function boundsOf(range: RejectedRange, now: Date): { from: Date; to: Date } {
  if ('day' in range) {
    const from = new Date(`${range.day}T00:00:00.000Z`);
    return { from, to: new Date(from.getTime() + 86_400_000 - 1) };
  }
  return { from: new Date(now.getTime() - durationSeconds(range.since) * 1_000), to: now };
}
