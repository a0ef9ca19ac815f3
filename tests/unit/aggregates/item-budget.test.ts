import { describe, expect, it } from 'vitest';
import type { AggregateCell, AggregateState } from '../../../shared/aggregates/compute.ts';
import { fitAggregates } from '../../../shared/aggregates/item-budget.ts';
import { itemSizeBytes } from '../../../shared/store/item-size.ts';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();

/** `count` items of about `bytes` each, the first one the oldest. */
function perItem(
  prefix: string,
  count: number,
  bytes: number,
  firstMinute: number,
): Record<string, AggregateCell> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, index) => [
      `${prefix}-${index}-${'k'.repeat(bytes)}`,
      { value: 1, at: at(firstMinute + index) },
    ]),
  );
}

const sizeOf = (state: AggregateState) =>
  itemSizeBytes({ cells: state.cells, recentEventIds: state.recentEventIds });

describe('fitAggregates', () => {
  it('leaves a state within the budget untouched', () => {
    // Prepare
    const state: AggregateState = {
      cells: { orders_count: { value: 3, at: at(0) }, bought: perItem('p', 10, 10, 0) },
      recentEventIds: ['e1'],
      version: 2,
    };

    // Act
    const fitted = fitAggregates(state, 10_000, 100);

    // Assess
    expect(fitted).toEqual({ state, truncations: [] });
  });

  it('drops the oldest per-item entries across aggregates first, and says how many of which', () => {
    // Prepare: two maps of 50 entries of ~1 KB; "older" entries are all older than "newer" ones.
    const state: AggregateState = {
      cells: {
        orders_count: { value: 3, at: at(0) },
        cart: { value: { cartId: 'c1' }, at: at(0) },
        older: perItem('o', 50, 1000, 0),
        newer: perItem('n', 50, 1000, 100),
      },
      recentEventIds: [],
      version: 1,
    };
    const budget = 40_000;
    const snapshot = structuredClone(state);

    // Act
    const fitted = fitAggregates(state, budget, 100);

    // Assess
    const older = Object.keys(fitted.state.cells.older ?? {});
    const newer = Object.keys(fitted.state.cells.newer ?? {});
    expect(100 + sizeOf(fitted.state)).toBeLessThanOrEqual(budget);
    expect(older).toHaveLength(0);
    expect(newer.length).toBeGreaterThan(0);
    expect(newer.length).toBeLessThan(50);
    expect(newer).toEqual(Object.keys(state.cells.newer ?? {}).slice(50 - newer.length));
    expect(fitted.state.cells.cart).toEqual(state.cells.cart);
    expect(state).toEqual(snapshot);
    expect(fitted.truncations.map(({ aggregate }) => aggregate)).toEqual(['older', 'newer']);
    expect(fitted.truncations[0]?.description).toBe(
      "50 oldest items dropped to keep the customer's aggregates under 39 KB",
    );
  });

  it('then cuts the largest latest value, never a count', () => {
    // Prepare
    const items = Array.from({ length: 2000 }, (_, index) => ({ productId: `product-${index}` }));
    const state: AggregateState = {
      cells: {
        orders_count: { value: 3, at: at(0) },
        cart: { value: { cartId: 'c1', items }, at: at(0) },
        bought: perItem('p', 5, 100, 0),
      },
      recentEventIds: [],
      version: 1,
    };

    // Act
    const fitted = fitAggregates(state, 8_000, 100);

    // Assess
    const cart = fitted.state.cells.cart as AggregateCell;
    const kept = (cart.value as { items: unknown[] }).items;
    expect(100 + sizeOf(fitted.state)).toBeLessThanOrEqual(8_000);
    expect(fitted.state.cells.orders_count).toEqual({ value: 3, at: at(0) });
    expect(fitted.state.cells.bought).toEqual({});
    expect(kept).toEqual(items.slice(0, kept.length));
    expect(fitted.truncations.map(({ aggregate }) => aggregate)).toEqual(['bought', 'cart']);
    expect(fitted.truncations[1]?.description).toContain(`items: kept ${kept.length} of 2000 elements`);
  });
});
