import * as z from 'zod/mini';
import { AGGREGATE_DEFAULTS } from '../../language/aggregate-defaults.ts';
import type { Aggregate } from '../../language/config.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { isRecord, valueAt, valuesAt } from '../store/field-path.ts';
import { boundedText, digestPart } from '../store/key-limits.ts';
import { limitValue, projectValue } from './limit-value.ts';
import { type AggregateTruncation, describeItem } from './truncation.ts';

/** A value of an aggregate, and for `latest` the event time it came from (for out-of-order events). */
const AggregateCell = z.object({ value: z.unknown(), at: z.string() });
export type AggregateCell = z.infer<typeof AggregateCell>;

/**
 * The aggregates of one customer. Per-item aggregates hold one cell per item key. The ids of the
 * last events applied make ingest exactly-once even when EventBridge delivers an event twice.
 */
export const AggregateState = z.object({
  cells: z._default(z.record(z.string(), z.union([AggregateCell, z.record(z.string(), AggregateCell)])), {}),
  recentEventIds: z._default(z.array(z.string()), []),
  version: z._default(z.number().check(z.int()), 0),
});
export type AggregateState = z.infer<typeof AggregateState>;

export const EMPTY_AGGREGATES: AggregateState = { cells: {}, recentEventIds: [], version: 0 };

/**
 * Enough to recognise any redelivery EventBridge makes (it retries within minutes, not after a
 * hundred further events of the same customer). An id longer than EVENT_ID_BYTES is kept as its
 * digest, so the list holds at most 100 x 128 bytes whatever ids senders choose.
 */
const RECENT_EVENT_IDS = 100;
const EVENT_ID_BYTES = 128;

/**
 * Item keys are map keys of the stored item: one longer than this (a product "id" that is really a
 * URL or a description) is kept as its digest, so 100 items take at most ~60 KB with their cells.
 * Real ids (SKUs, UUIDs, slugs) stay readable and match the `key` a condition names.
 */
const ITEM_KEY_BYTES = 512;

type Matcher = (pattern: Aggregate['on'], event: EventEnvelope) => boolean;

/**
 * Applies one event to the aggregates it touches. Pure: ingest reads the state, applies, and
 * writes it back conditioned on the version it read.
 */
export function applyEvent(
  state: AggregateState,
  event: EventEnvelope,
  aggregates: Readonly<Record<string, Aggregate>>,
  matches: Matcher,
): { state: AggregateState; changed: string[]; truncations: AggregateTruncation[] } {
  const eventMark = boundedText(event.id, EVENT_ID_BYTES);
  if (state.recentEventIds.includes(eventMark)) return { state, changed: [], truncations: [] };
  const cells = { ...state.cells };
  const changed: string[] = [];
  const truncations: AggregateTruncation[] = [];
  // `latest` values are bounded as they are stored; each cut becomes a warning of the event.
  const bounded = (name: string, declared: Aggregate, item?: string) => (value: unknown) => {
    const limited = boundValue(declared, value);
    if (limited.cuts.length > 0) {
      truncations.push({ aggregate: name, description: `${describeItem(item)}${limited.cuts.join(', ')}` });
    }
    return limited.value;
  };
  for (const [name, declared] of Object.entries(aggregates)) {
    if (!matches(declared.on, event)) continue;
    if (declared.per === undefined) {
      const current = cells[name];
      const next = nextCell(
        declared,
        isCell(current) ? current : undefined,
        eventValue(declared, event),
        event.time,
        bounded(name, declared),
      );
      if (next !== undefined) {
        cells[name] = next;
        changed.push(name);
      }
      continue;
    }
    const current = cells[name];
    const perItem: Record<string, AggregateCell> =
      current !== undefined && !isCell(current) ? { ...current } : {};
    let touched = false;
    for (const { key, value } of itemValues(declared, event)) {
      // Its own cell only: a product id `toString` read the function every object inherits.
      const current = Object.hasOwn(perItem, key) ? perItem[key] : undefined;
      const next = nextCell(declared, current, value, event.time, bounded(name, declared, key));
      if (next !== undefined) {
        perItem[key] = next;
        touched = true;
      }
    }
    if (touched) {
      cells[name] = mostRecentItems(perItem, declared['max-items'] ?? AGGREGATE_DEFAULTS.maxItems);
      changed.push(name);
    }
  }
  const recentEventIds = [...state.recentEventIds, eventMark].slice(-RECENT_EVENT_IDS);
  return { state: { cells, recentEventIds, version: state.version }, changed, truncations };
}

/**
 * The `max-items` most recently updated items (by event time, the latest update of each), so a
 * customer's per-item map stays the size declared however many products they ever bought. Ties
 * keep the smaller key, so the outcome does not depend on the order the map was built in.
 */
function mostRecentItems(
  perItem: Readonly<Record<string, AggregateCell>>,
  maxItems: number,
): Record<string, AggregateCell> {
  const entries = Object.entries(perItem);
  if (entries.length <= maxItems) return { ...perItem };
  const timed = entries.map(([key, cell]) => ({ key, cell, time: Date.parse(cell.at) }));
  timed.sort((a, b) => b.time - a.time || (a.key < b.key ? -1 : 1));
  return Object.fromEntries(timed.slice(0, maxItems).map(({ key, cell }) => [key, cell]));
}

/** What `latest` keeps of a value: its declared fields, at most `max-bytes`. */
function boundValue(aggregate: Aggregate, value: unknown): { value: unknown; cuts: readonly string[] } {
  if (aggregate.type !== 'latest') return { value, cuts: [] };
  const projected = aggregate.fields === undefined ? value : projectValue(value, aggregate.fields);
  const maxBytes = aggregate['max-bytes'] ?? AGGREGATE_DEFAULTS.maxBytes;
  const limited = limitValue(projected, maxBytes);
  return {
    value: limited.value,
    cuts: limited.cuts.length === 0 ? [] : [`over max-bytes ${maxBytes}: ${limited.cuts.join(', ')}`],
  };
}

function nextCell(
  aggregate: Aggregate,
  current: AggregateCell | undefined,
  value: unknown,
  time: string,
  bound: (value: unknown) => unknown,
): AggregateCell | undefined {
  const previous = current?.value;
  const later = current === undefined || Date.parse(time) >= Date.parse(current.at) ? time : current.at;
  switch (aggregate.type) {
    case 'count':
      return { value: (typeof previous === 'number' ? previous : 0) + 1, at: later };
    case 'sum': {
      if (typeof value !== 'number') return undefined;
      return { value: (typeof previous === 'number' ? previous : 0) + value, at: later };
    }
    case 'min':
    case 'max': {
      if (typeof value !== 'number') return undefined;
      if (typeof previous !== 'number') return { value, at: later };
      const better = aggregate.type === 'min' ? value < previous : value > previous;
      return { value: better ? value : previous, at: later };
    }
    case 'last-at':
      return { value: later, at: later };
    case 'latest':
      // Events arrive out of order: an older event never replaces a newer value.
      if (current !== undefined && Date.parse(time) < Date.parse(current.at)) return undefined;
      return value === undefined ? undefined : present(bound(value), time);
  }
}

/** A projection may keep nothing of a value (none of the declared fields present): no change then. */
function present(value: unknown, at: string): AggregateCell | undefined {
  return value === undefined ? undefined : { value, at };
}

function eventValue(aggregate: Aggregate, event: EventEnvelope): unknown {
  return 'field' in aggregate ? valueAt(event, aggregate.field) : undefined;
}

/**
 * For a per-item aggregate, the item keys of the event and each item's value. When `field` walks
 * the same list as `per` (`detail.items.price` next to `detail.items.productId`), each key gets its
 * own item's value; otherwise every key gets the event-level value.
 */
function itemValues(aggregate: Aggregate, event: EventEnvelope): { key: string; value: unknown }[] {
  const per = aggregate.per ?? '';
  const field = 'field' in aggregate ? aggregate.field : undefined;
  const listPath = sharedListPath(event, per, field);
  if (listPath !== undefined && field !== undefined) {
    const list = valueAt(event, listPath);
    const items = Array.isArray(list) ? list : [];
    return items.flatMap((item) => {
      const key = valueAt(item, per.slice(listPath.length + 1));
      const value = valueAt(item, field.slice(listPath.length + 1));
      return typeof key === 'string' || typeof key === 'number'
        ? [{ key: aggregateItemKey(key), value }]
        : [];
    });
  }
  const value = field === undefined ? undefined : valueAt(event, field);
  const keys = valuesAt(event, per).filter(
    (key): key is string | number => typeof key === 'string' || typeof key === 'number',
  );
  return [...new Set(keys.map(aggregateItemKey))].map((key) => ({ key, value }));
}

/**
 * One item's value of a per-item aggregate as conditions and check steps read it: its own entry
 * only (`key: constructor` read the function every object inherits); nothing for a plain one.
 */
export function aggregateItem(aggregate: unknown, key: string): unknown {
  const stored = aggregateItemKey(key);
  return isRecord(aggregate) && Object.hasOwn(aggregate, stored) ? aggregate[stored] : undefined;
}

/**
 * The key an item of a per-item aggregate is stored under: the item's id, or its digest when the
 * id is too long. Conditions that name an item (`key:`) look it up through the same function.
 */
export function aggregateItemKey(key: string | number): string {
  const text = String(key);
  // A map key `__proto__` is no data in JavaScript (an object's own property by that name is
  // dropped as it is read back): it is kept as its digest, as a long id is.
  return text === '__proto__' ? digestPart(text) : boundedText(text, ITEM_KEY_BYTES);
}

function sharedListPath(event: unknown, per: string, field: string | undefined): string | undefined {
  if (field === undefined) return undefined;
  const perParts = per.split('.');
  const fieldParts = field.split('.');
  for (let length = Math.min(perParts.length, fieldParts.length) - 1; length > 0; length -= 1) {
    const prefix = perParts.slice(0, length).join('.');
    if (prefix === fieldParts.slice(0, length).join('.') && Array.isArray(valueAt(event, prefix)))
      return prefix;
  }
  return undefined;
}

export function isCell(value: unknown): value is AggregateCell {
  return isRecord(value) && 'at' in value && typeof value.at === 'string' && 'value' in value;
}

/** How conditions and templates see aggregates: plain values, per-item maps of plain values. */
export function aggregatesView(state: AggregateState): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(state.cells).map(([name, cell]) => [
      name,
      isCell(cell)
        ? cell.value
        : Object.fromEntries(Object.entries(cell).map(([key, item]) => [key, item.value])),
    ]),
  );
}
