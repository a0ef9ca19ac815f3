import { z } from 'zod';
import type { Aggregate } from '../../state-machines/language/config.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { isRecord, valueAt, valuesAt } from '../store/field-path.ts';

/** A value of an aggregate, and for `latest` the event time it came from (for out-of-order events). */
const AggregateCell = z.object({ value: z.unknown(), at: z.string() });
export type AggregateCell = z.infer<typeof AggregateCell>;

/**
 * The aggregates of one customer. Per-item aggregates hold one cell per item key. The ids of the
 * last events applied make ingest exactly-once even when EventBridge delivers an event twice.
 */
export const AggregateState = z.object({
  cells: z.record(z.string(), z.union([AggregateCell, z.record(z.string(), AggregateCell)])).default({}),
  recentEventIds: z.array(z.string()).default([]),
  version: z.number().int().default(0),
});
export type AggregateState = z.infer<typeof AggregateState>;

export const EMPTY_AGGREGATES: AggregateState = { cells: {}, recentEventIds: [], version: 0 };
const RECENT_EVENT_IDS = 100;

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
): { state: AggregateState; changed: string[] } {
  if (state.recentEventIds.includes(event.id)) return { state, changed: [] };
  const cells = { ...state.cells };
  const changed: string[] = [];
  for (const [name, aggregate] of Object.entries(aggregates)) {
    if (!matches(aggregate.on, event)) continue;
    if (aggregate.per === undefined) {
      const current = cells[name];
      const next = nextCell(
        aggregate,
        isCell(current) ? current : undefined,
        eventValue(aggregate, event),
        event.time,
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
    for (const { key, value } of itemValues(aggregate, event)) {
      const next = nextCell(aggregate, perItem[key], value, event.time);
      if (next !== undefined) {
        perItem[key] = next;
        touched = true;
      }
    }
    if (touched) {
      cells[name] = perItem;
      changed.push(name);
    }
  }
  const recentEventIds = [...state.recentEventIds, event.id].slice(-RECENT_EVENT_IDS);
  return { state: { cells, recentEventIds, version: state.version }, changed };
}

function nextCell(
  aggregate: Aggregate,
  current: AggregateCell | undefined,
  value: unknown,
  time: string,
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
      return value === undefined ? undefined : { value, at: time };
  }
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
      return typeof key === 'string' || typeof key === 'number' ? [{ key: String(key), value }] : [];
    });
  }
  const value = field === undefined ? undefined : valueAt(event, field);
  const keys = valuesAt(event, per).filter((key) => typeof key === 'string' || typeof key === 'number');
  return [...new Set(keys.map(String))].map((key) => ({ key, value }));
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

function isCell(value: unknown): value is AggregateCell {
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
