import { ERROR_NAMES } from '../../language/error-names.ts';
import {
  type AggregateState,
  AggregateState as AggregateStateSchema,
  EMPTY_AGGREGATES,
} from '../aggregates/compute.ts';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSizeBytes } from '../store/item-size.ts';
import { type ItemStore, when } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';
import { CONFLICT, withOptimisticRetry } from '../store/optimistic.ts';
import { Profile } from './profile.ts';

export type Customer = { readonly profile: Profile | undefined; readonly aggregates: AggregateState };

/**
 * A profile and its aggregates, read by their keys. Not one Query over `sk BETWEEN AGGREGATES AND
 * PROFILE`: that range also holds every CAPS, EVENT#, JOURNEY# and LEDGER# item of the customer,
 * so past 1 MB of events the profile fell off the first page and the customer looked unknown.
 */
export async function loadCustomer(store: ItemStore, profileId: string): Promise<Customer> {
  const [profileItem, aggregates] = await Promise.all([
    store.get(keys.profile(profileId)),
    loadAggregates(store, profileId),
  ]);
  return { profile: profileItem === undefined ? undefined : Profile.parse(profileItem), aggregates };
}

/** A customer's aggregates alone, for a reader that has the profile already (a scan). */
export async function loadAggregates(store: ItemStore, profileId: string): Promise<AggregateState> {
  const item = await store.get(keys.aggregates(profileId));
  return item === undefined ? EMPTY_AGGREGATES : AggregateStateSchema.parse(item);
}

/**
 * What a profile item may take for everything but opt-outs (traits, contact data, push tokens,
 * opt-ins), of DynamoDB's 400 KB. The rest is for opt-outs alone: apps write traits without a
 * bound, and a profile they had filled refused the customer's unsubscribe, which was then kept as
 * rejected while marketing went on. An opt-out adds at most one consent and the event that set it.
 */
export const PROFILE_DATA_LIMIT_BYTES = 300 * 1024;

/**
 * Which room a change may use: `data` up to PROFILE_DATA_LIMIT_BYTES; an opt-out all of the item,
 * and when even that is too small, the profile its `fold` makes of the change (which must be
 * smaller and keep every opt-out, see foldTopicOptOuts).
 */
export type ProfileRoom = 'data' | { readonly fold: (tooLarge: Profile) => Profile };

/** A change would take the profile past its data's room; the profile is left as it was. */
export class ProfileFullError extends Error {
  override readonly name = ERROR_NAMES.profileFull;
}

/**
 * Changes a profile (creating it when absent) with a write conditioned on the version read, so
 * concurrent updates of one customer never lose each other's changes. A change that would grow
 * the profile past its room throws ProfileFullError; one that does not grow it always applies, so
 * a profile over its room (written before the rule) can still shrink.
 */
export async function updateProfile(
  store: ItemStore,
  profileId: string,
  change: (current: Profile) => Profile,
  now: Date,
  room: ProfileRoom = 'data',
): Promise<Profile> {
  // Bursts of updates for one customer (an app replaying its history) retry, each making progress.
  return withOptimisticRetry(async () => {
    const key = keys.profile(profileId);
    const item = await store.get(key);
    const version = typeof item?.version === 'number' ? item.version : 0;
    const current =
      item === undefined ? Profile.parse({ profileId, createdAt: now.toISOString() }) : Profile.parse(item);
    const changed = Profile.parse({ ...change(current), profileId, updatedAt: now.toISOString() });
    const itemOf = (profile: Profile) => ({ ...profile, ...key, version: version + 1 });
    let [next, written] = [changed, itemOf(changed)];
    if (room === 'data') checkDataRoom(profileId, written, item);
    else if (itemSizeBytes(written) > DYNAMODB_ITEM_LIMIT_BYTES) {
      next = Profile.parse(room.fold(changed));
      written = itemOf(next);
    }
    const stored = await store.put(written, {
      condition: item === undefined ? when.itemAbsent : when.equals('version', version),
    });
    return stored ? next : CONFLICT;
  }, 40);
}

function checkDataRoom(
  profileId: string,
  written: Readonly<Record<string, unknown>>,
  read: Readonly<Record<string, unknown>> | undefined,
): void {
  const size = itemSizeBytes(written);
  if (size <= PROFILE_DATA_LIMIT_BYTES || (read !== undefined && size <= itemSizeBytes(read))) return;
  throw new ProfileFullError(
    `the profile of ${profileId.slice(0, 200)} would take ${Math.ceil(size / 1024)} KB: its traits, contact data, push tokens and opt-ins may take ${PROFILE_DATA_LIMIT_BYTES / 1024} KB of DynamoDB's ${DYNAMODB_ITEM_LIMIT_BYTES / 1024} KB, the rest being kept so that an opt-out always fits (remove traits by sending them as null; keep large data in events)`,
  );
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
