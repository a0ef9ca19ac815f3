import { twoSidedCritical } from './normal.ts';
import type { Counts, Estimate, Interval } from './types.ts';

/**
 * Wilson's score interval for one proportion, without continuity correction (E. B. Wilson, JASA
 * 22:209-212, 1927; method 3 of R. G. Newcombe, "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Stat Med 17:857-872, 1998). It stays inside [0, 1] and
 * never collapses to a point at 0/n or n/n, which the conversion rates of a small holdout often are.
 * With no trials nothing is known: [0, 1].
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Interval {
  if (trials <= 0) return { low: 0, high: 1 };
  const z = twoSidedCritical(confidence);
  const p = successes / trials;
  const zSquaredOverN = (z * z) / trials;
  const centre = (p + zSquaredOverN / 2) / (1 + zSquaredOverN);
  const halfWidth =
    (z / (1 + zSquaredOverN)) * Math.sqrt((p * (1 - p)) / trials + zSquaredOverN / (4 * trials));
  return {
    low: successes <= 0 ? 0 : Math.max(0, centre - halfWidth),
    high: successes >= trials ? 1 : Math.min(1, centre + halfWidth),
  };
}

function rate(counts: Counts): number {
  return counts.successes / counts.trials;
}

/**
 * p_a - p_b with Newcombe's hybrid score interval (method 10 of R. G. Newcombe, "Interval estimation
 * for the difference between independent proportions: comparison of eleven methods", Stat Med
 * 17:873-890, 1998): each limit combines the two Wilson half-widths on the side it moves towards.
 * Undefined when a group has no trials, since its rate is then unknown.
 */
export function differenceInterval(a: Counts, b: Counts, confidence = 0.95): Estimate | undefined {
  if (a.trials <= 0 || b.trials <= 0) return undefined;
  const pA = rate(a);
  const pB = rate(b);
  const wilsonA = wilsonInterval(a.successes, a.trials, confidence);
  const wilsonB = wilsonInterval(b.successes, b.trials, confidence);
  const estimate = pA - pB;
  return {
    estimate,
    low: estimate - Math.hypot(pA - wilsonA.low, wilsonB.high - pB),
    high: estimate + Math.hypot(wilsonA.high - pA, pB - wilsonB.low),
  };
}

/**
 * p_a / p_b - 1 with MOVER-R (A. Donner and G. Y. Zou, "Closed-form confidence intervals for
 * functions of the normal mean and standard deviation", Stat Methods Med Res 21:347-359, 2012)
 * applied to the two Wilson intervals, the "method of variance estimates recovery" for a ratio
 * that Newcombe recommends for proportions. It needs no correction at zero counts: 0/n in group a
 * gives a lower limit of exactly -100%. When p_b is 0 the ratio does not exist: undefined.
 */
export function relativeUpliftInterval(a: Counts, b: Counts, confidence = 0.95): Estimate | undefined {
  if (a.trials <= 0 || b.trials <= 0 || b.successes <= 0) return undefined;
  const pA = rate(a);
  const pB = rate(b);
  const wilsonA = wilsonInterval(a.successes, a.trials, confidence);
  const wilsonB = wilsonInterval(b.successes, b.trials, confidence);
  const product = pA * pB;
  // Each limit is a root of a quadratic; the lower one is written in its rationalised form, which
  // stays finite when the upper Wilson limit of p_b is exactly 2 p_b and is 0 when p_a is 0.
  const lowerNumerator = wilsonA.low * (2 * pA - wilsonA.low);
  const lowerRoot = Math.sqrt(
    Math.max(0, product ** 2 - lowerNumerator * wilsonB.high * (2 * pB - wilsonB.high)),
  );
  const lowRatio = lowerNumerator === 0 ? 0 : lowerNumerator / (product + lowerRoot);
  const upperDenominator = wilsonB.low * (2 * pB - wilsonB.low);
  const upperRoot = Math.sqrt(
    Math.max(0, product ** 2 - wilsonA.high * (2 * pA - wilsonA.high) * upperDenominator),
  );
  const highRatio = (product + upperRoot) / upperDenominator;
  return { estimate: pA / pB - 1, low: lowRatio - 1, high: highRatio - 1 };
}
