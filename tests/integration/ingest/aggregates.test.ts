import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import type { Aggregate } from '../../../language/config.ts';
import { aggregatesView } from '../../../shared/aggregates/compute.ts';
import type { IngestDeps } from '../../../shared/ingest/apply-events.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { DYNAMODB_ITEM_LIMIT_BYTES } from '../../../shared/store/item-size.ts';
import { keys } from '../../../shared/store/keys.ts';
import { appEvent, freshProfileId } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

describe('ingest keeps the declared aggregates', () => {
  const harness = useIngestHarness('2025-03-04T10:00:00Z');

  it('keeps the last purchase time of each product, and an older order arriving late changes nothing', async () => {
    // Prepare
    const profileId = freshProfileId();
    const items = (...productIds: string[]) => productIds.map((productId) => ({ productId, quantity: 1 }));
    const firstOrder = appEvent(profileId, 'order.placed', '2025-03-01T09:00:00Z', {
      total: 30,
      items: items('product-a', 'product-b'),
    });
    const secondOrder = appEvent(profileId, 'order.placed', '2025-03-03T09:00:00Z', {
      total: 12,
      items: items('product-a'),
    });
    const lateOrder = appEvent(profileId, 'order.placed', '2025-02-20T09:00:00Z', {
      total: 8,
      items: items('product-b'),
    });

    // Act
    await ingestEvents([firstOrder, secondOrder, lateOrder], harness.deps);

    // Assess
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregatesView(aggregates)).toEqual({
      orders_count: 3,
      revenue: 50,
      product_purchased_at: { 'product-a': '2025-03-03T09:00:00Z', 'product-b': '2025-03-01T09:00:00Z' },
    });
  });

  it('writes no aggregates for an event no aggregate listens to', async () => {
    // Prepare
    const profileId = freshProfileId();
    const viewed = appEvent(profileId, 'page.viewed', '2025-03-04T09:00:00Z', { path: '/pricing' });

    // Act
    await ingestEvents([viewed], harness.deps);

    // Assess
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregates.version).toBe(0);
    expect(aggregates.cells).toEqual({});
  });

  it('a customer with 10,000 distinct products keeps the 100 most recent, in an item far under 400 KB', async () => {
    // Prepare: 100 orders of 100 products each, every product id 200 bytes long and bought once.
    const profileId = freshProfileId();
    const productId = (index: number) => `product-${String(index).padStart(5, '0')}-${'p'.repeat(186)}`;
    const time = (order: number) => new Date(Date.UTC(2025, 0, 1) + order * 60_000).toISOString();
    const orders = Array.from({ length: 100 }, (_, order) =>
      appEvent(profileId, 'order.placed', time(order), {
        total: 1,
        items: Array.from({ length: 100 }, (_, line) => ({ productId: productId(order * 100 + line) })),
      }),
    );

    // Act
    const report = await ingestEvents(orders, harness.deps);

    // Assess
    expect(report.failed).toEqual([]);
    expect(report.accepted).toBe(100);
    const { aggregates } = await loadCustomer(harness.dynamo.store, profileId);
    const kept = aggregatesView(aggregates).product_purchased_at;
    expect(kept).toEqual(
      Object.fromEntries(Array.from({ length: 100 }, (_, line) => [productId(9_900 + line), time(99)])),
    );
    expect(aggregatesView(aggregates).orders_count).toBe(100);
    expect(await storedBytes(profileId)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES / 4);
  });

  it('an order with 200 long product ids and a huge cart is processed with warnings, and later events still work', async () => {
    // Prepare: aggregates that, unbounded, would hold far more than 400 KB for this customer.
    const ORDER = { 'detail-type': ['order.placed'] };
    const PER_PRODUCT = 'detail.items.productId';
    const aggregates: Record<string, Aggregate> = {
      orders_count: { on: ORDER, type: 'count' },
      product_purchased_at: { on: ORDER, type: 'last-at', per: PER_PRODUCT },
      orders_with: { on: ORDER, type: 'count', per: PER_PRODUCT, 'max-items': 200 },
      spent_per_product: {
        on: ORDER,
        type: 'sum',
        field: 'detail.items.price',
        per: PER_PRODUCT,
        'max-items': 200,
      },
      last_note: {
        on: ORDER,
        type: 'latest',
        field: 'detail.items.note',
        per: PER_PRODUCT,
        'max-items': 200,
      },
      cart: { on: { 'detail-type': ['cart.updated'] }, type: 'latest', field: 'detail' },
    };
    const bounded: IngestDeps = {
      ...harness.deps,
      bundle: { ...harness.deps.bundle, config: { ...harness.deps.bundle.config, aggregates } },
    };
    const profileId = freshProfileId();
    const longId = (index: number) => `${String(index).padStart(3, '0')}-${'x'.repeat(497)}`;
    const hugeCart = appEvent(profileId, 'cart.updated', '2025-03-01T08:00:00Z', {
      cartId: 'cart-1',
      items: Array.from({ length: 1_500 }, (_, index) => ({
        productId: `p-${index}`,
        name: 'n'.repeat(100),
      })),
    });
    const order = appEvent(profileId, 'order.placed', '2025-03-01T09:00:00Z', {
      total: 200,
      items: Array.from({ length: 200 }, (_, index) => ({
        productId: longId(index),
        price: 1,
        note: 'n'.repeat(700),
      })),
    });
    const laterOrder = appEvent(profileId, 'order.placed', '2025-03-02T09:00:00Z', {
      total: 5,
      items: [{ productId: 'short-id', price: 5, note: 'thanks' }],
    });

    // Act
    const first = await ingestEvents([hugeCart, order], bounded);
    const later = await ingestEvents([laterOrder], bounded);

    // Assess: both events processed, each cut reported with its event and customer.
    expect(first.failed).toEqual([]);
    expect(first.rejected).toEqual([]);
    expect(first.accepted).toBe(2);
    expect(first.warnings).toContainEqual({
      kind: 'aggregate-truncated',
      eventId: hugeCart.id,
      profileId,
      warning: expect.stringMatching(
        /^aggregate cart: over max-bytes 8192: items: kept \d+ of 1500 elements$/,
      ),
    });
    expect(first.warnings.filter((warning) => warning.eventId === order.id).length).toBeGreaterThan(0);
    for (const { warning } of first.warnings.filter(({ eventId }) => eventId === order.id)) {
      expect(warning).toMatch(
        /^aggregate \w+: \d+ oldest items dropped to keep the customer's aggregates under 350 KB$/,
      );
    }
    expect(later.failed).toEqual([]);
    expect(later.accepted).toBe(1);
    const view = aggregatesView((await loadCustomer(harness.dynamo.store, profileId)).aggregates);
    expect(view.orders_count).toBe(2);
    expect(view.spent_per_product).toMatchObject({ 'short-id': 5 });
    expect(Object.keys(view.product_purchased_at as object)).toHaveLength(100);
    expect(await storedBytes(profileId)).toBeLessThan(DYNAMODB_ITEM_LIMIT_BYTES);
  });

  /**
   * The aggregates item as DynamoDB returned it, measured as the JSON of its typed attribute
   * values: every name, string and number appears in full with type tags and quotes around it,
   * which is more than DynamoDB counts for each.
   */
  async function storedBytes(profileId: string): Promise<number> {
    const { Item } = await harness.dynamo.client.send(
      new GetItemCommand({
        TableName: harness.dynamo.table.name,
        Key: { pk: { S: keys.aggregates(profileId).pk }, sk: { S: 'AGGREGATES' } },
      }),
    );
    expect(Item).toBeDefined();
    return Buffer.byteLength(JSON.stringify(Item), 'utf8');
  }
});
