import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { packBySize } from '../../shared/batching/pack-by-size.ts';

/** What one PutEvents request may carry: ten entries, 256 KB of them as EventBridge counts. */
export const PUT_EVENTS_LIMITS = { entries: 10, bytes: 256 * 1024 } as const;

/** An entry with its place in the input, numbered from 1 as the command reports it. */
export type NumberedEntry = { readonly number: number; readonly entry: PutEventsRequestEntry };

/**
 * An entry's size as EventBridge counts it ("Calculating PutEvents event entry size"): 14 bytes
 * for a Time, and the UTF-8 bytes of Source, DetailType, Detail and each resource.
 */
export function entrySize(entry: PutEventsRequestEntry): number {
  const bytes = (text: string | undefined) => (text === undefined ? 0 : Buffer.byteLength(text, 'utf8'));
  return (
    (entry.Time === undefined ? 0 : 14) +
    bytes(entry.Source) +
    bytes(entry.DetailType) +
    bytes(entry.Detail) +
    (entry.Resources ?? []).reduce((sum, resource) => sum + bytes(resource), 0)
  );
}

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
