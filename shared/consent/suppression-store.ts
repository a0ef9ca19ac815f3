import * as z from 'zod/mini';
import type { Channel } from '../../language/channel.ts';
import type { Profile } from '../profiles/profile.ts';
import type { ItemStore } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';
import { addressOf, suppressionAddress } from './consent.ts';

export const SuppressionReason = z.enum(['bounce', 'complaint', 'manual']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

export async function isSuppressed(store: ItemStore, channel: string, address: string): Promise<boolean> {
  return (await store.get(keys.suppression(channel, address))) !== undefined;
}

/** Whether the address consent would use for the customer on `channel` is suppressed: read only when there is one. */
export async function isSuppressedOn(
  store: ItemStore,
  profile: Profile | undefined,
  channel: Channel,
): Promise<boolean> {
  const address = addressOf(profile, channel);
  const keyed = address === undefined ? undefined : suppressionAddress(address);
  return keyed !== undefined && (await isSuppressed(store, channel, keyed));
}

/** Suppresses an address for every journey; the key holds a hash, never the address. */
export async function suppress(
  store: ItemStore,
  channel: string,
  address: string,
  reason: SuppressionReason,
  at: string,
): Promise<void> {
  await store.put({ ...keys.suppression(channel, address), reason, at });
}
