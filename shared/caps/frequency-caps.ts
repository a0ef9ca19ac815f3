import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import type { FrequencyCap } from '../../language/config.ts';
import { durationSeconds } from '../../language/duration.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { type ItemKey, keys } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';

const CapEntry = z.object({ id: z.string(), channel: Channel, at: z.string() });
type CapEntry = z.infer<typeof CapEntry>;
const CapState = z.object({
  entries: z._default(z.array(CapEntry), []),
  version: z._default(z.number().check(z.int()), 0),
});

export type CapDecision = { allowed: true } | { allowed: false; cap: FrequencyCap };

/** Which cap, if any, one more message on `channel` at `now` would exceed. Pure. */
export function exceededCap(
  entries: readonly CapEntry[],
  caps: readonly FrequencyCap[],
  channel: Channel,
  now: Date,
): FrequencyCap | undefined {
  return caps.find((cap) => {
    if (cap.channels !== undefined && !cap.channels.includes(channel)) return false;
    const since = now.getTime() - durationSeconds(cap.per) * 1000;
    const counted = entries.filter(
      (entry) =>
        Date.parse(entry.at) > since && (cap.channels === undefined || cap.channels.includes(entry.channel)),
    );
    return counted.length >= cap.max;
  });
}

/** Which cap one more message would exceed now, read without reserving (an audience preview's). */
export async function capReached(
  store: ItemStore,
  request: { profileId: string; channel: Channel; caps: readonly FrequencyCap[]; now: Date },
): Promise<FrequencyCap | undefined> {
  if (request.caps.length === 0) return undefined;
  const state = CapState.parse((await store.get(keys.caps(request.profileId))) ?? {});
  return exceededCap(state.entries, request.caps, request.channel, request.now);
}

/**
 * Reserves a place under every frequency cap for one marketing message, atomically across all
 * journeys of the customer: the customer's cap item is rewritten conditioned on the version read,
 * so two concurrent sends cannot both take the last place. A retried reservation (same id) is
 * granted again without counting twice.
 */
export async function reserveCap(
  store: ItemStore,
  request: { profileId: string; channel: Channel; id: string; caps: readonly FrequencyCap[]; now: Date },
): Promise<CapDecision> {
  if (request.caps.length === 0) return { allowed: true };
  const longest = Math.max(...request.caps.map((cap) => durationSeconds(cap.per)));
  const key = keys.caps(request.profileId);
  return withOptimisticRetry(async () => {
    const item = await store.get(key);
    const state = CapState.parse(item ?? {});
    if (state.entries.some((entry) => entry.id === request.id)) return { allowed: true };
    const horizon = request.now.getTime() - longest * 1000;
    const live = state.entries.filter((entry) => Date.parse(entry.at) > horizon);
    const cap = exceededCap(live, request.caps, request.channel, request.now);
    if (cap !== undefined) return { allowed: false, cap };
    const entries = [...live, { id: request.id, channel: request.channel, at: request.now.toISOString() }];
    const written = await writeCaps(store, key, entries, item === undefined ? undefined : state.version);
    return written ? { allowed: true } : CONFLICT;
  }, 25);
}

/** Gives a reservation back when the message was not delivered after all. */
export async function releaseCap(store: ItemStore, profileId: string, id: string): Promise<void> {
  const key = keys.caps(profileId);
  await withOptimisticRetry(async () => {
    const item = await store.get(key);
    if (item === undefined) return;
    const state = CapState.parse(item);
    if (!state.entries.some((entry) => entry.id === id)) return;
    const remaining = state.entries.filter((entry) => entry.id !== id);
    return (await writeCaps(store, key, remaining, state.version)) ? undefined : CONFLICT;
  }, 25);
}

function writeCaps(
  store: ItemStore,
  key: ItemKey,
  entries: CapEntry[],
  readVersion: number | undefined,
): Promise<boolean> {
  return store.put(
    { ...key, entries, version: (readVersion ?? 0) + 1 },
    { condition: readVersion === undefined ? when.itemAbsent : when.equals('version', readVersion) },
  );
}
