import { itemSizeBytes, utf8Bytes, valueSizeBytes } from '../store/item-size.ts';
import { type AggregateCell, type AggregateState, isCell } from './compute.ts';
import { limitValue } from './limit-value.ts';
import type { AggregateTruncation } from './truncation.ts';

export type FittedAggregates = {
  readonly state: AggregateState;
  readonly truncations: AggregateTruncation[];
};

/**
 * Makes the customer's aggregates item fit `budgetBytes` (with `fixedBytes` for its key and
 * version), so the write that follows cannot fail on DynamoDB's 400 KB limit and the event is
 * never lost. The declared bounds (`max-items`, `max-bytes`) keep a customer well under it; this
 * is the guard for what they cannot foresee (many per-item aggregates, very long item keys).
 * It drops per-item entries first, oldest first across all aggregates (they are the least likely
 * to matter to a condition), then cuts the largest plain values (`latest`).
 */
export function fitAggregates(
  state: AggregateState,
  budgetBytes: number,
  fixedBytes: number,
): FittedAggregates {
  let size = fixedBytes + itemSizeBytes({ cells: state.cells, recentEventIds: state.recentEventIds });
  if (size <= budgetBytes) return { state, truncations: [] };
  const cells: Record<string, AggregateCell | Record<string, AggregateCell>> = { ...state.cells };
  const truncations: AggregateTruncation[] = [];

  // Each map is copied once, on its first drop, so the state read is never changed.
  const dropped = new Map<string, number>();
  for (const entry of perItemEntriesOldestFirst(cells)) {
    if (size <= budgetBytes) break;
    const items = cells[entry.aggregate];
    if (items === undefined || isCell(items)) continue;
    const copy = dropped.has(entry.aggregate) ? items : { ...items };
    delete copy[entry.key];
    cells[entry.aggregate] = copy;
    size -= entry.bytes;
    dropped.set(entry.aggregate, (dropped.get(entry.aggregate) ?? 0) + 1);
  }
  for (const [aggregate, count] of dropped) {
    truncations.push({ aggregate, description: `${count} oldest items dropped ${overBudget(budgetBytes)}` });
  }

  for (const [aggregate, cell] of plainCellsLargestFirst(cells)) {
    if (size <= budgetBytes) break;
    const before = valueSizeBytes(cell.value);
    const limited = limitValue(cell.value, Math.max(0, before - (size - budgetBytes)));
    if (limited.value === undefined) delete cells[aggregate];
    else cells[aggregate] = { value: limited.value, at: cell.at };
    const what = limited.value === undefined ? 'value dropped' : limited.cuts.join(', ');
    truncations.push({ aggregate, description: `${what} ${overBudget(budgetBytes)}` });
    size = fixedBytes + itemSizeBytes({ cells, recentEventIds: state.recentEventIds });
  }

  if (size > budgetBytes) {
    // Only counts, sums and dates are left: more aggregates are declared than one item can hold.
    throw new Error(`the declared aggregates need ${size} bytes, over the ${budgetBytes}-byte item budget`);
  }
  return { state: { ...state, cells }, truncations };
}

type PerItemEntry = {
  readonly aggregate: string;
  readonly key: string;
  readonly at: number;
  readonly bytes: number;
};

function perItemEntriesOldestFirst(cells: AggregateState['cells']): PerItemEntry[] {
  const entries = Object.entries(cells).flatMap(([aggregate, cell]) =>
    isCell(cell)
      ? []
      : Object.entries(cell).map(([key, item]) => ({
          aggregate,
          key,
          at: Date.parse(item.at),
          // What the entry adds to its map: 1 byte of overhead, its key, its cell.
          bytes: 1 + utf8Bytes(key) + valueSizeBytes(item),
        })),
  );
  return entries.sort((a, b) => a.at - b.at || compare(a.aggregate, b.aggregate) || compare(a.key, b.key));
}

/** The cells that can be cut: `latest` values (objects, lists, texts); counts and sums never are. */
function plainCellsLargestFirst(cells: AggregateState['cells']): [string, AggregateCell][] {
  return Object.entries(cells)
    .flatMap(([name, cell]): [string, AggregateCell][] =>
      isCell(cell) && isCuttable(cell.value) ? [[name, cell]] : [],
    )
    .sort(([, a], [, b]) => valueSizeBytes(b.value) - valueSizeBytes(a.value));
}

function isCuttable(value: unknown): boolean {
  return typeof value === 'string' || (typeof value === 'object' && value !== null);
}

function overBudget(budgetBytes: number): string {
  return `to keep the customer's aggregates under ${Math.floor(budgetBytes / 1024)} KB`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
