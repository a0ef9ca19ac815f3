import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { itemSizeBytes, MAX_SIZE_PER_JSON_CHARACTER } from '../../shared/store/item-size.ts';

/**
 * The memory store skips the exact size walk of an item whose JSON text times
 * MAX_SIZE_PER_JSON_CHARACTER is under DynamoDB's limit: that product must never be less than the
 * estimate, for any value (numbers of one digit, empty containers, strings past the BMP).
 */
describe('the size estimate of an item', () => {
  it('is never more than its JSON text times MAX_SIZE_PER_JSON_CHARACTER', () => {
    const value = fc.letrec((tie) => ({
      leaf: fc.oneof(
        fc.integer({ min: -9, max: 9 }),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.string({ unit: 'binary', maxLength: 8 }),
        fc.boolean(),
        fc.constant(null),
      ),
      node: fc.oneof({ depthSize: 'small' }, tie('leaf'), tie('list'), tie('map')),
      list: fc.array(tie('node'), { maxLength: 5 }),
      map: fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), tie('node'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'binary', maxLength: 4 }), value.node), (item) => {
        expect(itemSizeBytes(item)).toBeLessThanOrEqual(
          JSON.stringify(item).length * MAX_SIZE_PER_JSON_CHARACTER,
        );
      }),
      { numRuns: 2_000 },
    );
  });
});
