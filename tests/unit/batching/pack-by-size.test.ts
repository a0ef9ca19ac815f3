import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packBySize } from '../../../shared/batching/pack-by-size.ts';

describe('packing by size', () => {
  it('keeps the order, fills each group within both limits, and starts a new one only when the next would not fit', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 60 }),
        fc.integer({ min: 50, max: 200 }),
        fc.integer({ min: 1, max: 10 }),
        (sizes, size, count) => {
          const groups = packBySize(sizes, (item) => item, { size, count });
          expect(groups.flat()).toEqual(sizes);
          groups.forEach((group, index) => {
            const total = group.reduce((sum, item) => sum + item, 0);
            expect(group.length).toBeGreaterThan(0);
            expect(group.length).toBeLessThanOrEqual(count);
            expect(total).toBeLessThanOrEqual(size);
            const next = groups[index + 1]?.[0];
            if (next !== undefined) expect(group.length === count || total + next > size).toBe(true);
          });
        },
      ),
    );
  });

  it('puts an item larger than the limit alone in its group', () => {
    expect(packBySize([3, 12, 4], (item) => item, { size: 10 })).toEqual([[3], [12], [4]]);
  });
});
