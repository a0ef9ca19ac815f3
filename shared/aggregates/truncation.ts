import { utf8Bytes } from '../store/item-size.ts';
import { prefixOfBytes } from '../store/key-limits.ts';

/** What had to be cut from an aggregate to keep it within its bounds, for the event's warnings. */
export type AggregateTruncation = { readonly aggregate: string; readonly description: string };

const SHOWN_ITEM_BYTES = 40;

/** `item "abc…": ` for a per-item aggregate (a long item key shortened), nothing otherwise. */
export function describeItem(item: string | undefined): string {
  if (item === undefined) return '';
  const shown = prefixOfBytes(item, SHOWN_ITEM_BYTES);
  return `item "${shown}${shown.length < item.length ? `…" (${utf8Bytes(item)} bytes)` : '"'}: `;
}

/** One line of an ingest warning: the aggregate, what was cut. */
export function describeTruncation(truncation: AggregateTruncation): string {
  return `aggregate ${truncation.aggregate}: ${truncation.description}`;
}
