import { Profile } from '../../shared/profiles/profile.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { keys } from '../../shared/store/keys.ts';

/**
 * Stores a simulation's profiles in its fresh store, many to a request. A fresh store has nothing
 * to read or to race with, so the conditional read-then-write of updateProfile, one customer at a
 * time, would only make a backtest of many customers wait. Each item is what updateProfile would
 * have written first (version 1); when a profile id appears twice, the later line wins, as it
 * would have there.
 */
export async function seedProfiles(store: ItemStore, profiles: readonly Profile[], now: Date): Promise<void> {
  const latest = new Map(profiles.map((profile) => [profile.profileId, profile]));
  const items = [...latest.values()].map((profile) => ({
    ...Profile.parse({ ...profile, updatedAt: now.toISOString() }),
    ...keys.profile(profile.profileId),
    version: 1,
  }));
  await store.putMany(items);
}
