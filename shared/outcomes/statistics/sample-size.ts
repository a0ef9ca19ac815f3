import { normalQuantile } from './normal.ts';

export type DetectionPlan = {
  /** The control group's conversion rate, in (0, 1). */
  baseline: number;
  /** The absolute change in conversion rate to detect (0.02 for 10% -> 12%); not 0. */
  uplift: number;
  /** Treatment size / control size: 1 for an even split, 9 for a 10% holdout. */
  allocation: number;
  alpha?: number;
  power?: number;
};

/**
 * The plan with its defaults and the subject's rate, or undefined when it is impossible: a rate
 * outside (0, 1), no uplift, a non-positive allocation, alpha or power outside (0, 1).
 */
export function possiblePlan(
  plan: DetectionPlan,
): (Required<DetectionPlan> & { readonly treated: number }) | undefined {
  const { baseline, uplift, allocation, alpha = 0.05, power = 0.8 } = plan;
  const treated = baseline + uplift;
  const isRate = (p: number) => p > 0 && p < 1;
  if (!isRate(baseline) || !isRate(treated) || uplift === 0) return undefined;
  if (!(allocation > 0) || !Number.isFinite(allocation) || !isRate(alpha) || !isRate(power)) return undefined;
  return { baseline, uplift, allocation, alpha, power, treated };
}

/**
 * Entrants per group for a two-sided test of two independent proportions to detect `uplift` with
 * the given power, by the formula without continuity correction of J. L. Fleiss, A. Tytun and
 * H. K. Ury, "A simple approximation for calculating sample sizes for comparing independent
 * proportions", Biometrics 36:343-346, 1980 (Fleiss, Levin & Paik, Statistical Methods for Rates
 * and Proportions, 3rd ed., 2003, section 4.4): with r = allocation, control m and treatment r m,
 *   m = [z_(1-alpha/2) sqrt((r + 1) pbar qbar) + z_(power) sqrt(r p_c q_c + p_t q_t)]^2 / (r delta^2),
 * where pbar = (p_c + r p_t) / (r + 1) is the rate under the null hypothesis.
 * Undefined when the plan is impossible (a rate outside (0, 1), no uplift, a non-positive
 * allocation, alpha or power outside (0, 1)).
 *
 * It is the size for one look at a fixed-horizon interval. The report's verdict follows the wider
 * always-valid interval, so its advice uses always-valid-sample-size.ts instead.
 */
export function entrantsToDetect(plan: DetectionPlan): { treatment: number; control: number } | undefined {
  const possible = possiblePlan(plan);
  if (possible === undefined) return undefined;
  const { baseline, treated, uplift, allocation: r, alpha, power } = possible;
  const pooled = (baseline + r * treated) / (r + 1);
  const underNull = normalQuantile(1 - alpha / 2) * Math.sqrt((r + 1) * pooled * (1 - pooled));
  const underAlternative =
    normalQuantile(power) * Math.sqrt(r * baseline * (1 - baseline) + treated * (1 - treated));
  const control = (underNull + underAlternative) ** 2 / (r * uplift * uplift);
  return { treatment: Math.ceil(r * control), control: Math.ceil(control) };
}
