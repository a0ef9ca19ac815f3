import {
  type AggregateState,
  AggregateState as AggregateStateSchema,
  EMPTY_AGGREGATES,
} from '../aggregates/compute.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';
import { APPLIED_CHANGES_ATTRIBUTE, appliedChangesOf, appliedMark, withMark } from './applied-changes.ts';
import { Profile } from './profile.ts';
import { type FittedProfile, fitProfile, NOTHING_REMOVED } from './profile-room.ts';

export type Customer = { readonly profile: Profile | undefined; readonly aggregates: AggregateState };

/**
 * A profile and its aggregates, read by their keys. Not one Query over `sk BETWEEN AGGREGATES AND
 * PROFILE`: that range also holds every CAPS, EVENT#, JOURNEY# and LEDGER# item of the customer,
 * so past 1 MB of events the profile fell off the first page and the customer looked unknown.
 */
export async function loadCustomer(store: ItemStore, profileId: string): Promise<Customer> {
  const [profile, aggregates] = await Promise.all([
    loadProfile(store, profileId),
    loadAggregates(store, profileId),
  ]);
  return { profile, aggregates };
}

/** A profile alone, as stored now: what a send checks consent on again just before the provider call. */
export async function loadProfile(store: ItemStore, profileId: string): Promise<Profile | undefined> {
  const item = await store.get(keys.profile(profileId));
  return item === undefined ? undefined : Profile.parse(item);
}

/** A customer's aggregates alone, for a reader that has the profile already (a scan). */
export async function loadAggregates(store: ItemStore, profileId: string): Promise<AggregateState> {
  const item = await store.get(keys.aggregates(profileId));
  return item === undefined ? EMPTY_AGGREGATES : AggregateStateSchema.parse(item);
}

/**
 * Changes a profile (creating it when absent) with a write conditioned on the version read, so
 * concurrent updates of one customer never lose each other's changes. The change is fitted to the
 * item first (fitProfile): one that grows the profile's data past its room throws
 * ProfileFullError, and an opt-out always fits.
 *
 * With `once` (a retried step's execution and step), the change is applied once: its mark is
 * written in the same conditional write, and a retry that finds it (the first write landed, its
 * answer was lost) changes nothing and gets the profile as stored. Every write keeps the marks.
 */
export async function updateProfile(
  store: ItemStore,
  profileId: string,
  change: (current: Profile) => Profile,
  now: Date,
  options: { readonly once?: string } = {},
): Promise<FittedProfile> {
  const mark = options.once === undefined ? undefined : appliedMark(options.once);
  // Bursts of updates for one customer (an app replaying its history) retry, each making progress.
  return withOptimisticRetry(async () => {
    const key = keys.profile(profileId);
    const item = await store.get(key);
    const version = typeof item?.version === 'number' ? item.version : 0;
    const read = item === undefined ? undefined : Profile.parse(item);
    const marks = appliedChangesOf(item);
    if (read !== undefined && mark !== undefined && marks.includes(mark))
      return { profile: read, removed: NOTHING_REMOVED };
    const current = read ?? Profile.parse({ profileId, createdAt: now.toISOString() });
    const changed = Profile.parse({ ...change(current), profileId, updatedAt: now.toISOString() });
    const written = mark === undefined ? marks : withMark(marks, mark);
    // The marks are on both sides of fitProfile's comparison, so they alone never refuse a change.
    const itemOf = (profile: Profile) => ({
      ...profile,
      ...key,
      version: version + 1,
      ...(written.length === 0 ? {} : { [APPLIED_CHANGES_ATTRIBUTE]: written }),
    });
    const fitted = fitProfile(changed, read, itemOf);
    const stored = await store.put(itemOf(fitted.profile), {
      condition: item === undefined ? when.itemAbsent : when.equals('version', version),
    });
    return stored ? fitted : CONFLICT;
  }, 40);
}

/** Writes aggregates computed from the state read, unless another writer got there first (false). */
export function saveAggregates(
  store: ItemStore,
  profileId: string,
  read: AggregateState,
  next: AggregateState,
): Promise<boolean> {
  const key = keys.aggregates(profileId);
  return store.put(
    { ...key, cells: next.cells, recentEventIds: next.recentEventIds, version: read.version + 1 },
    { condition: read.version === 0 ? when.itemAbsent : when.equals('version', read.version) },
  );
}

/** The customer's aggregates as stored, or none yet. */
export async function readAggregates(store: ItemStore, profileId: string): Promise<AggregateState> {
  const item = await store.get(keys.aggregates(profileId));
  return item === undefined ? EMPTY_AGGREGATES : AggregateStateSchema.parse(item);
}
