import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../../../shared/journeys/buckets.ts';

const IDS = Array.from({ length: 20_000 }, (_, index) => `customer-${index}`);

function correlation(xs: readonly number[], ys: readonly number[]): number {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const mx = mean(xs);
  const my = mean(ys);
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (const [index, x] of xs.entries()) {
    const y = ys[index] ?? my;
    covariance += (x - mx) * (y - my);
    varianceX += (x - mx) ** 2;
    varianceY += (y - my) ** 2;
  }
  return covariance / Math.sqrt(varianceX * varianceY);
}

describe('bucketOf', () => {
  it('is in [0, 100) with at most two decimals', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (profileId, scenario, step) => {
        // Act
        const bucket = bucketOf(profileId, scenario, step);

        // Assess
        expect(bucket).toBeGreaterThanOrEqual(0);
        expect(bucket).toBeLessThan(100);
        expect(Number(bucket.toFixed(2))).toBe(bucket);
      }),
      { numRuns: 500 },
    );
  });

  it('is deterministic', () => {
    // Prepare
    const first = IDS.slice(0, 1_000).map((id) => bucketOf(id, 'win-back', 'holdout'));

    // Act
    const second = IDS.slice(0, 1_000).map((id) => bucketOf(id, 'win-back', 'holdout'));

    // Assess
    expect(second).toEqual(first);
  });

  it('spreads 20,000 customers evenly: each tenth of the range holds 9–11% of them', () => {
    // Prepare
    const deciles = Array.from({ length: 10 }, () => 0);

    // Act
    for (const id of IDS) {
      const decile = Math.floor(bucketOf(id, 'win-back', 'split') / 10);
      deciles[decile] = (deciles[decile] ?? 0) + 1;
    }

    // Assess
    for (const count of deciles) {
      expect(count / IDS.length).toBeGreaterThanOrEqual(0.09);
      expect(count / IDS.length).toBeLessThanOrEqual(0.11);
    }
  });

  it('places a customer independently in two steps of a scenario, and in two scenarios', () => {
    // Prepare
    const holdout = IDS.map((id) => bucketOf(id, 'win-back', 'holdout'));

    // Act
    const split = IDS.map((id) => bucketOf(id, 'win-back', 'split'));
    const otherScenario = IDS.map((id) => bucketOf(id, 'upsell', 'holdout'));

    // Assess
    expect(Math.abs(correlation(holdout, split))).toBeLessThan(0.05);
    expect(Math.abs(correlation(holdout, otherScenario))).toBeLessThan(0.05);
  });

  it('the same 10% holdout does not pick the same customers in another step', () => {
    // Prepare
    const inFirst = IDS.filter((id) => bucketOf(id, 'win-back', 'holdout') < 10);

    // Act
    const inBoth = inFirst.filter((id) => bucketOf(id, 'win-back', 'second-holdout') < 10);

    // Assess: independent steps share about 10% of the first holdout, not all of it.
    expect(inBoth.length / inFirst.length).toBeGreaterThan(0.07);
    expect(inBoth.length / inFirst.length).toBeLessThan(0.13);
  });
});
