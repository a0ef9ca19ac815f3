import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile } from '../../../../shared/outcomes/statistics/normal.ts';
import { entrantsToDetect } from '../../../../shared/outcomes/statistics/sample-size.ts';

/**
 * The power of the two-sided pooled z test with `control` and `treatment` entrants, by the normal
 * approximation: the other way round from the sample-size formula, so that rounding up can be
 * checked against it.
 */
function power(baseline: number, uplift: number, control: number, treatment: number): number {
  const treated = baseline + uplift;
  const pooled = (control * baseline + treatment * treated) / (control + treatment);
  const nullError = Math.sqrt(pooled * (1 - pooled) * (1 / control + 1 / treatment));
  const alternativeError = Math.sqrt(
    (baseline * (1 - baseline)) / control + (treated * (1 - treated)) / treatment,
  );
  return normalCdf((Math.abs(uplift) - normalQuantile(0.975) * nullError) / alternativeError);
}

describe('entrantsToDetect', () => {
  it('matches the JMP documentation example: 6% vs 8% needs 2,554 per group', () => {
    // JMP 13.2 help, "Two Sample Proportions": alpha 0.05, two-sided, power 0.8, proportions 0.08
    // and 0.06 give sample sizes of 2554.
    // Act
    const sizes = entrantsToDetect({ baseline: 0.06, uplift: 0.02, allocation: 1 });

    // Assess
    expect(sizes).toEqual({ treatment: 2554, control: 2554 });
  });

  it('needs 3,841 per group to see 10% become 12%', () => {
    // Fleiss without continuity correction: [1.959964 sqrt(2 x 0.11 x 0.89)
    // + 0.841621 sqrt(0.10 x 0.90 + 0.12 x 0.88)]^2 / 0.02^2 = 3840.8.
    // Act
    const sizes = entrantsToDetect({ baseline: 0.1, uplift: 0.02, allocation: 1 });

    // Assess
    expect(sizes).toEqual({ treatment: 3841, control: 3841 });
  });

  it('stays within 1% of the arcsine (Cohen h) approximation that statsmodels NormalIndPower uses', () => {
    // Prepare
    const h = 2 * Math.asin(Math.sqrt(0.12)) - 2 * Math.asin(Math.sqrt(0.1));
    // Each arcsine-transformed rate has variance 1/n, so the difference has 2/n.
    const arcsine = 2 * ((normalQuantile(0.975) + normalQuantile(0.8)) / h) ** 2;

    // Act
    const sizes = entrantsToDetect({ baseline: 0.1, uplift: 0.02, allocation: 1 });

    // Assess
    expect(Math.abs((sizes?.control ?? 0) - arcsine) / arcsine).toBeLessThan(0.01);
  });

  it.each([1, 9, 0.25])('gives just enough entrants for the power asked at allocation %s', (allocation) => {
    // Act
    const sizes = entrantsToDetect({ baseline: 0.1, uplift: 0.02, allocation });

    // Assess
    const control = sizes?.control ?? 0;
    const treatment = sizes?.treatment ?? 0;
    expect(treatment / control).toBeCloseTo(allocation, 2);
    expect(power(0.1, 0.02, control, treatment)).toBeGreaterThanOrEqual(0.8);
    expect(power(0.1, 0.02, control - 1, (control - 1) * allocation)).toBeLessThan(0.8);
  });

  it('needs more entrants in total with a 10% holdout than with an even split', () => {
    // Act
    const even = entrantsToDetect({ baseline: 0.1, uplift: 0.02, allocation: 1 });
    const holdout = entrantsToDetect({ baseline: 0.1, uplift: 0.02, allocation: 9 });

    // Assess
    const total = (sizes: typeof even) => (sizes ? sizes.treatment + sizes.control : 0);
    expect(total(holdout)).toBeGreaterThan(total(even));
    expect(holdout?.control).toBeLessThan(even?.control ?? 0);
  });

  it('detects a drop as well as a rise', () => {
    // Act
    const drop = entrantsToDetect({ baseline: 0.12, uplift: -0.02, allocation: 1 });

    // Assess
    expect(drop?.control).toBeGreaterThan(3_000);
  });

  it.each([
    { baseline: 0, uplift: 0.02, allocation: 1 },
    { baseline: 1, uplift: -0.02, allocation: 1 },
    { baseline: 0.99, uplift: 0.02, allocation: 1 },
    { baseline: 0.01, uplift: -0.02, allocation: 1 },
    { baseline: 0.1, uplift: 0, allocation: 1 },
    { baseline: 0.1, uplift: 0.02, allocation: 0 },
    { baseline: 0.1, uplift: 0.02, allocation: 1, power: 1 },
    { baseline: 0.1, uplift: 0.02, allocation: 1, alpha: 0 },
  ])('refuses an impossible plan %o', (plan) => {
    // Act
    const sizes = entrantsToDetect(plan);

    // Assess
    expect(sizes).toBeUndefined();
  });
});
