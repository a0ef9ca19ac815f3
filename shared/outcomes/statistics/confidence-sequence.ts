import type { Counts, Estimate, Interval } from './types.ts';

/**
 * Always-valid (anytime-valid) intervals: unlike a fixed-horizon interval, they may be looked at
 * after every batch of entrants, and the chance that any of them ever misses the true value stays
 * below alpha.
 *
 * The boundary is the two-sided normal mixture (H. Robbins, 1970; S. R. Howard, A. Ramdas,
 * J. McAuliffe, J. Sekhon, "Time-uniform, nonparametric, nonasymptotic confidence sequences",
 * Ann. Statist. 49(2), 2021), used in the asymptotic form of I. Waudby-Smith, D. Arbour, R. Sinha,
 * E. H. Kennedy, A. Ramdas, "Time-uniform central limit theory and asymptotic confidence
 * sequences" (arXiv:2103.06476): with intrinsic time V = 1 / variance and S = (estimate - truth)
 * * V, mixing exp(lambda S - lambda^2 V / 2) over lambda ~ N(0, 1/rho) gives a martingale that by
 * Ville's inequality stays below 1/alpha with probability 1 - alpha, that is
 * |S| < sqrt((V + rho) log((V + rho) / (rho alpha^2))) at every V at once. That is exact for a
 * Gaussian estimate with known variance; with an estimated variance the guarantee is asymptotic,
 * which is the Waudby-Smith et al. result.
 */

export type Tuning = {
  /**
   * The variance of the estimate at which the interval should be tightest, fixed before looking at
   * the data (choosing it from the data voids the guarantee).
   */
  tightestAtVariance: number;
};

/**
 * The rho that minimises the boundary at intrinsic time V*, in the closed-form approximation
 * rho = V* / (2 log(1/alpha) + log(1 + 2 log(1/alpha))), the one Waudby-Smith et al. use to tune
 * their sequences for a chosen sample size (`best_rho2_approx` in their code, where rho^2 = 1/rho).
 */
function mixturePrecision(alpha: number, tuning: Tuning): number {
  const twiceLogInverseAlpha = 2 * Math.log(1 / alpha);
  return 1 / tuning.tightestAtVariance / (twiceLogInverseAlpha + Math.log(1 + twiceLogInverseAlpha));
}

/**
 * Half the width of the always-valid interval for an estimate of this variance: what the sample
 * must bring down for a verdict (always-valid-sample-size.ts solves it for the entrants).
 * Infinite when the variance is not a positive number, since nothing is then bounded.
 */
export function alwaysValidHalfWidth(variance: number, alpha: number, tuning: Tuning): number {
  if (!(variance > 0) || !Number.isFinite(variance)) return Number.POSITIVE_INFINITY;
  const intrinsicTime = 1 / variance;
  const rho = mixturePrecision(alpha, tuning);
  return (
    Math.sqrt((intrinsicTime + rho) * Math.log((intrinsicTime + rho) / (rho * alpha * alpha))) / intrinsicTime
  );
}

/** Every value: for an estimate whose parameter is not bounded. */
const UNBOUNDED: Interval = { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY };

/**
 * The always-valid interval around an estimate whose variance is known or estimated, cut to the
 * values the parameter can take (`bounds`). The normal boundary knows nothing of them: with a few
 * entrants it is far wider than any difference of two rates ([-1,854.7, +1,821.4] points for 1/3
 * against 2/4), and the report printed that. Cutting it loses no coverage: the truth is always
 * inside the bounds, so whenever the boundary holds, the cut interval holds too.
 */
export function alwaysValidInterval(
  estimate: number,
  variance: number,
  alpha: number,
  tuning: Tuning,
  bounds: Interval = UNBOUNDED,
): Interval {
  const halfWidth = alwaysValidHalfWidth(variance, alpha, tuning);
  return {
    low: Math.max(bounds.low, estimate - halfWidth),
    high: Math.min(bounds.high, estimate + halfWidth),
  };
}

/** A difference of two rates, each in [0, 1], lies in [-1, 1]. */
const RATE_DIFFERENCES: Interval = { low: -1, high: 1 };

/** What the proportion sequence is tuned for: tightest when each group has this many entrants. */
export type ProportionPlan = { entrantsPerGroup: number; baseline: number };

/** Tightest at 10,000 entrants per group converting at 10%. */
export const DEFAULT_PROPORTION_PLAN: ProportionPlan = { entrantsPerGroup: 10_000, baseline: 0.1 };

/** The tuning of the proportion sequence for a plan: the variance of the difference it plans for. */
export function proportionTuning(plan: ProportionPlan): Tuning {
  return { tightestAtVariance: (2 * plan.baseline * (1 - plan.baseline)) / plan.entrantsPerGroup };
}

/**
 * Bernoulli variance with one pseudo-success and one pseudo-failure added (as in A. Agresti and
 * B. Caffo, "Simple and effective confidence intervals for proportions and differences of
 * proportions result from adding two successes and two failures", Am. Stat. 54:280-288, 2000), so
 * that 0/n and n/n, common early on, do not yield a variance of 0 and an interval of one point.
 * The estimate itself is not adjusted.
 */
export function adjustedVariance(counts: Counts): number {
  const adjusted = (counts.successes + 1) / (counts.trials + 2);
  return (adjusted * (1 - adjusted)) / (counts.trials + 2);
}

/** p_a - p_b with an always-valid interval; undefined while a group has no entrants. */
export function alwaysValidProportionDifference(
  a: Counts,
  b: Counts,
  alpha = 0.05,
  plan: ProportionPlan = DEFAULT_PROPORTION_PLAN,
): Estimate | undefined {
  if (a.trials <= 0 || b.trials <= 0) return undefined;
  const estimate = a.successes / a.trials - b.successes / b.trials;
  const interval = alwaysValidInterval(
    estimate,
    adjustedVariance(a) + adjustedVariance(b),
    alpha,
    proportionTuning(plan),
    RATE_DIFFERENCES,
  );
  return { estimate, ...interval };
}
