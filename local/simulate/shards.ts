import { createHash } from 'node:crypto';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import type { Profile } from '../../shared/profiles/profile.ts';

export type Shard = { readonly events: EventEnvelope[]; readonly profiles: Profile[] };

/**
 * Splits a simulation by customer: everything Parcours keeps about a customer lives in that
 * customer's partition, and a journey reads and writes only its own customer's items, so
 * customers simulated apart give what they give together. The shard of a profile depends on its
 * id alone, so a rerun puts everyone where they were. Events keep their order within a shard.
 */
export function shardByProfile(
  events: readonly EventEnvelope[],
  profiles: readonly Profile[],
  count: number,
): Shard[] {
  const shards: Shard[] = Array.from({ length: count }, () => ({ events: [], profiles: [] }));
  // A customer's events and profile go to one shard: its hash is taken once.
  const indexOf = new Map<string, number>();
  const shardOf = (profileId: string): Shard => {
    let index = indexOf.get(profileId);
    if (index === undefined) {
      index = shardIndex(profileId, count);
      indexOf.set(profileId, index);
    }
    const shard = shards[index];
    if (shard === undefined) throw new Error(`no shard for ${profileId}`);
    return shard;
  };
  for (const event of events) shardOf(event.detail.profileId).events.push(event);
  for (const profile of profiles) shardOf(profile.profileId).profiles.push(profile);
  return shards;
}

/** The shard, of `count`, that simulates this customer. */
export function shardIndex(profileId: string, count: number): number {
  return count === 1 ? 0 : profileHash(profileId) % count;
}

/** A number from the profile id alone, the same on every run and machine, spread evenly. */
export function profileHash(profileId: string): number {
  return createHash('sha256').update(profileId).digest().readUInt32BE(0);
}
