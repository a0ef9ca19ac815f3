import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { packBySize } from '../../shared/batching/pack-by-size.ts';
import { entrySize, PUT_EVENTS_LIMITS } from '../../shared/events/put-events-entry.ts';

/** An entry with its place in the input, numbered from 1 as the command reports it. */
export type NumberedEntry = { readonly number: number; readonly entry: PutEventsRequestEntry };

/**
 * The entries in requests EventBridge takes, in order, and those no request can carry (an entry
 * over 256 KB alone). Without it a request of entries each under the limit but over it together
 * failed whole, with a message naming no event.
 */
export function putEventsBatches(entries: readonly PutEventsRequestEntry[]): {
  readonly batches: NumberedEntry[][];
  readonly oversized: (NumberedEntry & { readonly size: number })[];
} {
  const sized = entries.map((entry, index) => ({ number: index + 1, entry, size: entrySize(entry) }));
  const fits = sized.filter(({ size }) => size <= PUT_EVENTS_LIMITS.bytes);
  return {
    batches: packBySize(fits, ({ size }) => size, {
      size: PUT_EVENTS_LIMITS.bytes,
      count: PUT_EVENTS_LIMITS.entries,
    }),
    oversized: sized.filter(({ size }) => size > PUT_EVENTS_LIMITS.bytes),
  };
}
