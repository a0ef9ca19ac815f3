import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../../bench/seeded-random.ts';
import { meanDifferenceInterval } from '../../../../shared/outcomes/statistics/means.ts';
import {
  type RevenueMoments,
  revenueDifferenceInterval,
} from '../../../../shared/outcomes/statistics/revenue-difference.ts';

/** `entrants` entrants of whom `orders` ordered `value` each. */
const ordersOf = (entrants: number, orders: number, value: number): RevenueMoments => ({
  n: entrants,
  sum: orders * value,
  sumSquares: orders * value * value,
  converted: orders,
});

/** Revenue per entrant of a simulated group: each converts with `rate`, for `value()`. */
function simulated(
  random: () => number,
  entrants: number,
  rate: number,
  value: () => number,
): RevenueMoments {
  let [sum, sumSquares, converted] = [0, 0, 0];
  for (let i = 0; i < entrants; i += 1) {
    if (random() >= rate) continue;
    const amount = value();
    sum += amount;
    sumSquares += amount * amount;
    converted += 1;
  }
  return { n: entrants, sum, sumSquares, converted };
}

describe('revenueDifferenceInterval', () => {
  it('does not take a holdout without orders for one known to bring nothing', () => {
    // Prepare: the treatment's 540 entrants made 27 orders of 100 (5%); the holdout's 60, none,
    // which a rate of 5% gives 4.6% of the time (0.95^60). Welch's interval was [+3.16, +6.84],
    // the same as with a holdout of 10^12 entrants without orders.
    const treatment = ordersOf(540, 27, 100);
    const holdout = ordersOf(60, 0, 100);

    // Act
    const difference = revenueDifferenceInterval(treatment, holdout);
    const holdoutKnown = meanDifferenceInterval(treatment, ordersOf(1e12, 0, 100));

    // Assess: the holdout's count allows its revenue per entrant to be as high as the treatment's
    // (Wilson's upper limit of 0/60 is 6.0%, 6.02 per entrant at 100 an order), so 0 is inside.
    expect(difference?.estimate).toBe(5);
    expect(difference?.low).toBeLessThan(0);
    expect(difference?.high).toBeGreaterThan(10);
    expect((difference?.high ?? 0) - (difference?.low ?? 0)).toBeGreaterThan(
      2 * ((holdoutKnown?.high ?? 0) - (holdoutKnown?.low ?? 0)),
    );
  });

  it('is not a point with 2 entrants a side, all of one side ordering the same amount', () => {
    // Act
    const difference = revenueDifferenceInterval(ordersOf(2, 2, 100), ordersOf(2, 0, 100));

    // Assess: was exactly [100, 100]
    expect(difference?.estimate).toBe(100);
    expect(difference?.low).toBeLessThan(50);
    expect(difference?.high).toBeGreaterThan(150);
  });

  it("is Welch's interval when both groups have tens of conversions", () => {
    // Prepare
    const random = seededRandom(2_024);
    const value = () => -50 * Math.log(1 - random());
    const treatment = simulated(random, 3_000, 0.12, value);
    const holdout = simulated(random, 3_000, 0.1, value);

    // Act, Assess
    expect(revenueDifferenceInterval(treatment, holdout)).toEqual(meanDifferenceInterval(treatment, holdout));
  });

  it('is exactly 0 when conversions carry no value, and undefined while no one has converted', () => {
    // Act
    const valueless = revenueDifferenceInterval(ordersOf(100, 10, 0), ordersOf(100, 5, 0));
    const unseen = revenueDifferenceInterval(ordersOf(100, 0, 0), ordersOf(100, 0, 0));

    // Assess
    expect(valueless).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(unseen).toBeUndefined();
  });

  it.each([
    { values: 'orders of 100', value: (_: () => number) => 100 },
    {
      values: 'exponential orders of 100 on average',
      value: (random: () => number) => -100 * Math.log(1 - random()),
    },
  ])('misses a true difference of 0 at most 5% of the time with a small holdout, $values', ({ value }) => {
    // Prepare: 540 against 60 entrants, both converting at 5%, 2,000 tests. Welch's interval missed
    // 0 in 9.5% (orders of 100) and 20% (exponential) of 20,000 such tests, nearly half of it when
    // the holdout had no order; the floored one in 0.9% and 0.1%. With 2,000 tests the standard
    // error of a 5% rate is 0.5 points.
    const random = seededRandom(540_060);
    const amount = () => value(random);
    const runs = 2_000;

    // Act
    let missed = 0;
    for (let run = 0; run < runs; run += 1) {
      const difference = revenueDifferenceInterval(
        simulated(random, 540, 0.05, amount),
        simulated(random, 60, 0.05, amount),
      );
      if (difference !== undefined && (difference.low > 0 || difference.high < 0)) missed += 1;
    }

    // Assess
    expect(missed / runs).toBeLessThanOrEqual(0.05);
  });
});
