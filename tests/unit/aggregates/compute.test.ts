import { describe, expect, it } from 'vitest';
import type { Aggregate } from '../../../language/config.ts';
import {
  type AggregateState,
  AggregateState as AggregateStateSchema,
  aggregateItemKey,
  aggregatesView,
  applyEvent,
  EMPTY_AGGREGATES,
} from '../../../shared/aggregates/compute.ts';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import { matchesPattern } from '../../../shared/events/pattern-match.ts';

const matches = (pattern: Aggregate['on'], event: EventEnvelope): boolean => matchesPattern(pattern, event);

const ORDER = { 'detail-type': ['order.placed'] };

let sequence = 0;
function event(detailType: string, time: string, detail: Record<string, unknown> = {}): EventEnvelope {
  sequence += 1;
  return {
    id: `event-${sequence}`,
    source: 'shop',
    'detail-type': detailType,
    time,
    detail: { profileId: 'jane', ...detail },
  };
}

const order = (time: string, detail: Record<string, unknown> = {}) => event('order.placed', time, detail);

/** Applies events in order and returns the final state. */
function applyAll(
  aggregates: Record<string, Aggregate>,
  events: readonly EventEnvelope[],
  from: AggregateState = EMPTY_AGGREGATES,
): AggregateState {
  return events.reduce((state, next) => applyEvent(state, next, aggregates, matches).state, from);
}

describe('applyEvent', () => {
  describe('plain aggregates', () => {
    const aggregates: Record<string, Aggregate> = {
      orders_count: { on: ORDER, type: 'count' },
      revenue: { on: ORDER, type: 'sum', field: 'detail.total' },
      smallest: { on: ORDER, type: 'min', field: 'detail.total' },
      largest: { on: ORDER, type: 'max', field: 'detail.total' },
      last_order_at: { on: ORDER, type: 'last-at' },
      last_total: { on: ORDER, type: 'latest', field: 'detail.total' },
    };

    it('count, sum, min, max, last-at and latest over a few orders', () => {
      // Prepare
      const events = [
        order('2026-11-01T10:00:00Z', { total: 40 }),
        order('2026-11-02T10:00:00Z', { total: 15.5 }),
        order('2026-11-03T10:00:00Z', { total: 60 }),
      ];

      // Act
      const state = applyAll(aggregates, events);

      // Assess
      expect(aggregatesView(state)).toEqual({
        orders_count: 3,
        revenue: 115.5,
        smallest: 15.5,
        largest: 60,
        last_order_at: '2026-11-03T10:00:00Z',
        last_total: 60,
      });
    });

    it('reports which aggregates an event changed', () => {
      // Prepare
      const first = order('2026-11-01T10:00:00Z', { total: 40 });

      // Act
      const { changed } = applyEvent(EMPTY_AGGREGATES, first, aggregates, matches);

      // Assess
      expect(changed.sort()).toEqual(
        ['largest', 'last_order_at', 'last_total', 'orders_count', 'revenue', 'smallest'].sort(),
      );
    });

    it('ignores a sum, min or max field that is not a number, but still counts the event', () => {
      // Prepare
      const before = applyAll(aggregates, [order('2026-11-01T10:00:00Z', { total: 40 })]);
      const textual = order('2026-11-02T10:00:00Z', { total: '25' });

      // Act
      const { state, changed } = applyEvent(before, textual, aggregates, matches);

      // Assess
      expect(aggregatesView(state)).toMatchObject({
        orders_count: 2,
        revenue: 40,
        smallest: 40,
        largest: 40,
      });
      expect(changed).not.toContain('revenue');
      expect(changed).not.toContain('smallest');
      expect(changed).not.toContain('largest');
    });

    it('a missing sum field changes nothing either', () => {
      // Prepare
      const before = applyAll(aggregates, [order('2026-11-01T10:00:00Z', { total: 40 })]);

      // Act
      const { state } = applyEvent(before, order('2026-11-02T10:00:00Z'), aggregates, matches);

      // Assess
      expect(aggregatesView(state).revenue).toBe(40);
    });

    it('ignores events that do not match the aggregate', () => {
      // Prepare
      const before = applyAll(aggregates, [order('2026-11-01T10:00:00Z', { total: 40 })]);
      const cart = event('cart.updated', '2026-11-02T10:00:00Z', { total: 999 });

      // Act
      const { state, changed } = applyEvent(before, cart, aggregates, matches);

      // Assess
      expect(changed).toEqual([]);
      expect(aggregatesView(state)).toEqual(aggregatesView(before));
    });

    it('applies an event delivered twice only once', () => {
      // Prepare
      const placed = order('2026-11-01T10:00:00Z', { total: 40 });
      const once = applyEvent(EMPTY_AGGREGATES, placed, aggregates, matches).state;

      // Act
      const twice = applyEvent(once, placed, aggregates, matches);

      // Assess
      expect(twice.changed).toEqual([]);
      expect(twice.state).toEqual(once);
      expect(aggregatesView(twice.state)).toMatchObject({ orders_count: 1, revenue: 40 });
    });

    it('a duplicate that arrives after other events still changes nothing', () => {
      // Prepare
      const first = order('2026-11-01T10:00:00Z', { total: 40 });
      const state = applyAll(aggregates, [first, order('2026-11-02T10:00:00Z', { total: 10 })]);

      // Act
      const again = applyEvent(state, first, aggregates, matches);

      // Assess
      expect(again.state).toEqual(state);
      expect(aggregatesView(again.state)).toMatchObject({ orders_count: 2, revenue: 50 });
    });

    it('out of order: an older event never replaces latest, and last-at keeps the latest time', () => {
      // Prepare
      const newer = order('2026-11-05T10:00:00Z', { total: 70 });
      const older = order('2026-11-01T10:00:00Z', { total: 10 });

      // Act
      const state = applyAll(aggregates, [newer, older]);

      // Assess
      expect(aggregatesView(state)).toMatchObject({
        orders_count: 2,
        revenue: 80,
        smallest: 10,
        last_order_at: '2026-11-05T10:00:00Z',
        last_total: 70,
      });
    });

    it('latest compares instants, not strings, across time zone offsets', () => {
      // Prepare: 11:00+02:00 is 09:00Z, earlier than 10:00Z although it sorts later as text.
      const newer = order('2026-11-05T10:00:00Z', { total: 70 });
      const older = order('2026-11-05T11:00:00+02:00', { total: 10 });

      // Act
      const state = applyAll(aggregates, [newer, older]);

      // Assess
      expect(aggregatesView(state)).toMatchObject({ last_total: 70, last_order_at: '2026-11-05T10:00:00Z' });
    });

    it('a newer event replaces latest with whatever value it carries', () => {
      // Prepare
      const cart: Record<string, Aggregate> = {
        cart: { on: { 'detail-type': ['cart.updated'] }, type: 'latest', field: 'detail' },
      };
      const first = event('cart.updated', '2026-11-01T10:00:00Z', {
        cartId: 'c1',
        items: [{ productId: 'a' }],
      });
      const second = event('cart.updated', '2026-11-01T11:00:00Z', { cartId: 'c1', items: [] });

      // Act
      const state = applyAll(cart, [first, second]);

      // Assess
      expect(aggregatesView(state).cart).toEqual({ profileId: 'jane', cartId: 'c1', items: [] });
    });

    it('does not change the state it was given', () => {
      // Prepare
      const before = applyAll(aggregates, [order('2026-11-01T10:00:00Z', { total: 40 })]);
      const snapshot = structuredClone(before);

      // Act
      applyEvent(before, order('2026-11-02T10:00:00Z', { total: 5 }), aggregates, matches);

      // Assess
      expect(before).toEqual(snapshot);
    });
  });

  describe('per-item aggregates', () => {
    const items = (...lines: [string, number][]) => lines.map(([productId, price]) => ({ productId, price }));

    it('last-at per product keeps, for each product, the time of its latest purchase', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        product_purchased_at: { on: ORDER, type: 'last-at', per: 'detail.items.productId' },
      };
      const events = [
        order('2026-11-01T10:00:00Z', { items: items(['a', 10], ['b', 5]) }),
        order('2026-11-03T10:00:00Z', { items: items(['b', 5]) }),
        order('2026-11-02T10:00:00Z', { items: items(['a', 10]) }),
      ];

      // Act
      const state = applyAll(aggregates, events);

      // Assess
      expect(aggregatesView(state)).toEqual({
        product_purchased_at: { a: '2026-11-02T10:00:00Z', b: '2026-11-03T10:00:00Z' },
      });
    });

    it('keeps a cell of its own for product ids named as object properties are', () => {
      // Prepare: ids every JavaScript object inherits a property by, and __proto__
      const aggregates: Record<string, Aggregate> = {
        orders_with: { on: ORDER, type: 'count', per: 'detail.items.productId' },
      };
      const names = ['toString', 'constructor', 'hasOwnProperty', '__proto__'];
      const events = [
        order('2026-11-01T10:00:00Z', { items: items(...names.map((name): [string, number] => [name, 1])) }),
        order('2026-11-02T10:00:00Z', { items: items(['toString', 1], ['__proto__', 1]) }),
      ];

      // Act
      const state = AggregateStateSchema.parse(JSON.parse(JSON.stringify(applyAll(aggregates, events))));

      // Assess: counted, stored as data, read back the same (__proto__ under its digest)
      const counts = aggregatesView(state).orders_with;
      expect(counts).toEqual({
        toString: 2,
        constructor: 1,
        hasOwnProperty: 1,
        [aggregateItemKey('__proto__')]: 2,
      });
      expect(aggregateItemKey('__proto__')).not.toBe('__proto__');
    });

    it('count per product counts the orders holding it, once per order', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        orders_with: { on: ORDER, type: 'count', per: 'detail.items.productId' },
      };
      const events = [
        order('2026-11-01T10:00:00Z', { items: items(['a', 10], ['a', 10], ['b', 5]) }),
        order('2026-11-02T10:00:00Z', { items: items(['a', 10]) }),
      ];

      // Act
      const state = applyAll(aggregates, events);

      // Assess
      expect(aggregatesView(state)).toEqual({ orders_with: { a: 2, b: 1 } });
    });

    it('a field walking the same list gives each item its own value', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        spent_per_product: {
          on: ORDER,
          type: 'sum',
          field: 'detail.items.price',
          per: 'detail.items.productId',
        },
        last_price: { on: ORDER, type: 'latest', field: 'detail.items.price', per: 'detail.items.productId' },
      };
      const events = [
        order('2026-11-01T10:00:00Z', { items: items(['a', 10], ['b', 5], ['a', 12]) }),
        order('2026-11-02T10:00:00Z', { items: items(['b', 7]) }),
      ];

      // Act
      const state = applyAll(aggregates, events);

      // Assess
      expect(aggregatesView(state)).toEqual({
        spent_per_product: { a: 22, b: 12 },
        last_price: { a: 12, b: 7 },
      });
    });

    it('a field outside the list gives every item the event-level value', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        last_order_per_product: {
          on: ORDER,
          type: 'latest',
          field: 'detail.orderId',
          per: 'detail.items.productId',
        },
      };
      const placed = order('2026-11-01T10:00:00Z', { orderId: 'o-1', items: items(['a', 10], ['b', 5]) });

      // Act
      const state = applyAll(aggregates, [placed]);

      // Assess
      expect(aggregatesView(state)).toEqual({ last_order_per_product: { a: 'o-1', b: 'o-1' } });
    });

    it('an older event never replaces the latest value of an item, but updates other items', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        last_price: { on: ORDER, type: 'latest', field: 'detail.items.price', per: 'detail.items.productId' },
      };
      const events = [
        order('2026-11-05T10:00:00Z', { items: items(['a', 12]) }),
        order('2026-11-01T10:00:00Z', { items: items(['a', 9], ['b', 4]) }),
      ];

      // Act
      const state = applyAll(aggregates, events);

      // Assess
      expect(aggregatesView(state)).toEqual({ last_price: { a: 12, b: 4 } });
    });

    it('an item key that is not a string or number is skipped', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        product_purchased_at: { on: ORDER, type: 'last-at', per: 'detail.items.productId' },
      };
      const placed = order('2026-11-01T10:00:00Z', { items: [{ productId: { id: 'a' } }, { productId: 7 }] });

      // Act
      const state = applyAll(aggregates, [placed]);

      // Assess
      expect(aggregatesView(state)).toEqual({ product_purchased_at: { '7': '2026-11-01T10:00:00Z' } });
    });

    it('an event without items changes nothing', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        product_purchased_at: { on: ORDER, type: 'last-at', per: 'detail.items.productId' },
      };

      // Act
      const { state, changed } = applyEvent(
        EMPTY_AGGREGATES,
        order('2026-11-01T10:00:00Z'),
        aggregates,
        matches,
      );

      // Assess
      expect(changed).toEqual([]);
      expect(aggregatesView(state)).toEqual({});
    });

    it('an event delivered twice is applied once per item', () => {
      // Prepare
      const aggregates: Record<string, Aggregate> = {
        spent_per_product: {
          on: ORDER,
          type: 'sum',
          field: 'detail.items.price',
          per: 'detail.items.productId',
        },
      };
      const placed = order('2026-11-01T10:00:00Z', { items: items(['a', 10]) });

      // Act
      const state = applyAll(aggregates, [placed, placed]);

      // Assess
      expect(aggregatesView(state)).toEqual({ spent_per_product: { a: 10 } });
    });
  });
});

describe('bounds', () => {
  const LAST_BOUGHT: Record<string, Aggregate> = {
    product_purchased_at: { on: ORDER, type: 'last-at', per: 'detail.items.productId' },
  };
  const at = (index: number) => new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString();

  it('a customer with 10,000 distinct products keeps the 100 most recent by default', () => {
    // Prepare: 1,000 orders of 10 products each, every product bought once.
    const orders = Array.from({ length: 1_000 }, (_, index) =>
      order(at(index), {
        items: Array.from({ length: 10 }, (_, line) => ({ productId: `product-${index * 10 + line}` })),
      }),
    );

    // Act
    const state = applyAll(LAST_BOUGHT, orders);

    // Assess: the last 10 orders' products, each with the time of its order.
    const kept = aggregatesView(state).product_purchased_at;
    const expected = Object.fromEntries(
      Array.from({ length: 100 }, (_, offset) => [
        `product-${9_900 + offset}`,
        at(990 + Math.floor(offset / 10)),
      ]),
    );
    expect(kept).toEqual(expected);
  });

  it('keeps the declared max-items, by event time whatever the arrival order', () => {
    // Prepare
    const aggregates: Record<string, Aggregate> = {
      product_purchased_at: { on: ORDER, type: 'last-at', per: 'detail.items.productId', 'max-items': 2 },
    };
    const newest = order('2026-11-05T10:00:00Z', { items: [{ productId: 'c' }] });
    const oldest = order('2026-11-01T10:00:00Z', { items: [{ productId: 'a' }] });
    const middle = order('2026-11-03T10:00:00Z', { items: [{ productId: 'b' }] });

    // Act
    const state = applyAll(aggregates, [newest, oldest, middle]);

    // Assess
    expect(aggregatesView(state).product_purchased_at).toEqual({
      c: '2026-11-05T10:00:00Z',
      b: '2026-11-03T10:00:00Z',
    });
  });

  it('an item bought again moves to the front and is kept', () => {
    // Prepare
    const aggregates: Record<string, Aggregate> = {
      orders_with: { on: ORDER, type: 'count', per: 'detail.items.productId', 'max-items': 2 },
    };
    const events = [
      order('2026-11-01T10:00:00Z', { items: [{ productId: 'a' }] }),
      order('2026-11-02T10:00:00Z', { items: [{ productId: 'b' }] }),
      order('2026-11-03T10:00:00Z', { items: [{ productId: 'a' }] }),
      order('2026-11-04T10:00:00Z', { items: [{ productId: 'c' }] }),
    ];

    // Act
    const state = applyAll(aggregates, events);

    // Assess
    expect(aggregatesView(state).orders_with).toEqual({ a: 2, c: 1 });
  });

  it('latest keeps only the declared fields, through lists', () => {
    // Prepare
    const aggregates: Record<string, Aggregate> = {
      cart: {
        on: { 'detail-type': ['cart.updated'] },
        type: 'latest',
        field: 'detail',
        fields: ['cartId', 'items.productId'],
      },
    };
    const updated = event('cart.updated', '2026-11-01T10:00:00Z', {
      cartId: 'c1',
      note: 'leave at the door',
      items: [
        { productId: 'a', description: 'long text' },
        { productId: 'b', description: 'more text' },
      ],
    });

    // Act
    const { state, truncations } = applyEvent(EMPTY_AGGREGATES, updated, aggregates, matches);

    // Assess
    expect(aggregatesView(state).cart).toEqual({
      cartId: 'c1',
      items: [{ productId: 'a' }, { productId: 'b' }],
    });
    expect(truncations).toEqual([]);
  });

  it('a latest value over max-bytes keeps its first list elements and reports the cut', () => {
    // Prepare
    const aggregates: Record<string, Aggregate> = {
      cart: { on: { 'detail-type': ['cart.updated'] }, type: 'latest', field: 'detail', 'max-bytes': 1024 },
    };
    const items = Array.from({ length: 200 }, (_, index) => ({ productId: `product-${index}`, quantity: 1 }));
    const updated = event('cart.updated', '2026-11-01T10:00:00Z', { cartId: 'c1', items });

    // Act
    const { state, changed, truncations } = applyEvent(EMPTY_AGGREGATES, updated, aggregates, matches);

    // Assess
    const cart = aggregatesView(state).cart as { cartId: string; items: unknown[] };
    expect(changed).toEqual(['cart']);
    expect(cart.cartId).toBe('c1');
    expect(cart.items.length).toBeGreaterThan(0);
    expect(cart.items.length).toBeLessThan(200);
    expect(cart.items).toEqual(items.slice(0, cart.items.length));
    expect(Buffer.byteLength(JSON.stringify(cart))).toBeLessThanOrEqual(1024);
    expect(truncations).toEqual([
      {
        aggregate: 'cart',
        description: `over max-bytes 1024: items: kept ${cart.items.length} of 200 elements`,
      },
    ]);
  });

  it('an item key longer than 512 bytes is kept as its digest, one per distinct key', () => {
    // Prepare
    const long = (letter: string) => letter.repeat(3000);
    const placed = order('2026-11-01T10:00:00Z', {
      items: [{ productId: long('a') }, { productId: long('b') }, { productId: 'short' }],
    });

    // Act
    const state = applyAll(LAST_BOUGHT, [placed]);

    // Assess
    const keys = Object.keys(aggregatesView(state).product_purchased_at as object);
    expect(keys).toHaveLength(3);
    expect(keys).toContain('short');
    for (const key of keys.filter((key) => key !== 'short')) {
      expect(key).toMatch(/^h:[0-9a-f]{64}:(a|b){32}$/);
    }
  });

  it('recent event ids stay bounded, long ids kept as digests, and still deduplicate', () => {
    // Prepare
    const longId = `event-${'x'.repeat(5000)}`;
    const placed = { ...order('2026-11-01T10:00:00Z'), id: longId };
    const others = Array.from({ length: 150 }, (_, index) => order(at(index)));

    // Act
    const once = applyAll(LAST_AND_COUNT, [placed]);
    const again = applyEvent(once, placed, LAST_AND_COUNT, matches);
    const later = applyAll(LAST_AND_COUNT, others, once);

    // Assess
    expect(again.changed).toEqual([]);
    expect(aggregatesView(again.state).orders_count).toBe(1);
    expect(once.recentEventIds).toEqual([expect.stringMatching(/^h:[0-9a-f]{64}:/)]);
    expect(Buffer.byteLength(once.recentEventIds[0] ?? '')).toBeLessThan(128);
    expect(later.recentEventIds).toHaveLength(100);
  });
});

const LAST_AND_COUNT: Record<string, Aggregate> = { orders_count: { on: ORDER, type: 'count' } };

describe('aggregatesView', () => {
  it('flattens cells to their values and per-item maps to maps of values', () => {
    // Prepare
    const state: AggregateState = {
      cells: {
        orders_count: { value: 3, at: '2026-11-03T10:00:00Z' },
        cart: { value: { cartId: 'c1' }, at: '2026-11-03T10:00:00Z' },
        product_purchased_at: {
          a: { value: '2026-11-01T10:00:00Z', at: '2026-11-01T10:00:00Z' },
          b: { value: '2026-11-02T10:00:00Z', at: '2026-11-02T10:00:00Z' },
        },
      },
      recentEventIds: ['e1'],
      version: 4,
    };

    // Act
    const view = aggregatesView(state);

    // Assess
    expect(view).toEqual({
      orders_count: 3,
      cart: { cartId: 'c1' },
      product_purchased_at: { a: '2026-11-01T10:00:00Z', b: '2026-11-02T10:00:00Z' },
    });
  });

  it('of no aggregates is empty', () => {
    // Prepare
    const state = EMPTY_AGGREGATES;

    // Act
    const view = aggregatesView(state);

    // Assess
    expect(view).toEqual({});
  });
});
