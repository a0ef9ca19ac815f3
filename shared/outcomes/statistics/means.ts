import { twoSidedCritical } from './normal.ts';
import type { Estimate, Moments } from './types.ts';

function mean(moments: Moments): number {
  return moments.sum / moments.n;
}

/**
 * The unbiased variance from running sums. The one-pass formula loses precision when the mean is
 * large against the spread, which per-entrant revenue (mostly 0) is not; the clamp absorbs the
 * rounding that can push it just below 0.
 */
function unbiasedVariance(moments: Moments): number {
  return Math.max(0, (moments.sumSquares - (moments.sum * moments.sum) / moments.n) / (moments.n - 1));
}

/**
 * The least variance to take for each group: what its size says it cannot know better than, when
 * its sample shows less spread (revenue-difference.ts derives them for revenue). 0: none.
 */
export type VarianceFloors = { readonly a: number; readonly b: number };

const NO_FLOORS: VarianceFloors = { a: 0, b: 0 };

/**
 * mean_a - mean_b with Welch's unequal-variance standard error and a normal critical value. A
 * holdout comparison has hundreds of entrants or more per group, where Student's t with the
 * Welch-Satterthwaite degrees of freedom differs from the normal by well under 1%, so the normal
 * approximation is used and no t quantile is needed. With fewer than 2 entrants in a group the
 * variance cannot be estimated: undefined. Each group's variance is at least its floor.
 */
export function meanDifferenceInterval(
  a: Moments,
  b: Moments,
  confidence = 0.95,
  floors: VarianceFloors = NO_FLOORS,
): Estimate | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const estimate = mean(a) - mean(b);
  const varianceA = Math.max(unbiasedVariance(a), floors.a);
  const varianceB = Math.max(unbiasedVariance(b), floors.b);
  const standardError = Math.sqrt(varianceA / a.n + varianceB / b.n);
  const halfWidth = twoSidedCritical(confidence) * standardError;
  return { estimate, low: estimate - halfWidth, high: estimate + halfWidth };
}
