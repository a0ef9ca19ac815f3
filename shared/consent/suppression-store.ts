import * as z from 'zod/mini';
import type { ItemStore } from '../store/item-store.ts';
import { keys } from '../store/keys.ts';

export const SuppressionReason = z.enum(['bounce', 'complaint', 'manual']);
export type SuppressionReason = z.infer<typeof SuppressionReason>;

export async function isSuppressed(store: ItemStore, channel: string, address: string): Promise<boolean> {
  return (await store.get(keys.suppression(channel, address))) !== undefined;
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
