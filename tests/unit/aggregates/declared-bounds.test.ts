import { describe, expect, it } from 'vitest';
import { Aggregate } from '../../../language/config.ts';

const ORDER = { 'detail-type': ['order.placed'] };

describe('the bounds an aggregate declares', () => {
  it('accepts max-items on a per-item aggregate, and fields and max-bytes on latest', () => {
    // Prepare
    const declared = [
      { on: ORDER, type: 'last-at', per: 'detail.items.productId', 'max-items': 50 },
      {
        on: ORDER,
        type: 'latest',
        field: 'detail',
        fields: ['cartId', 'items.productId'],
        'max-bytes': 4096,
      },
    ];

    // Act
    const results = declared.map((aggregate) => Aggregate.safeParse(aggregate).success);

    // Assess
    expect(results).toEqual([true, true]);
  });

  it('refuses max-items without per, naming the field', () => {
    // Prepare
    const declared = { on: ORDER, type: 'count', 'max-items': 10 };

    // Act
    const result = Aggregate.safeParse(declared);

    // Assess
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([
      { path: ['max-items'], message: '"max-items" only applies to a per-item aggregate (with "per")' },
    ]);
  });

  it('refuses max-bytes on anything but latest, and limits out of range', () => {
    // Prepare
    const declared = [
      { on: ORDER, type: 'count', 'max-bytes': 1024 },
      { on: ORDER, type: 'latest', field: 'detail', 'max-bytes': 10_000_000 },
      { on: ORDER, type: 'count', per: 'detail.items.productId', 'max-items': 0 },
    ];

    // Act
    const results = declared.map((aggregate) => Aggregate.safeParse(aggregate).success);

    // Assess
    expect(results).toEqual([false, false, false]);
  });
});
