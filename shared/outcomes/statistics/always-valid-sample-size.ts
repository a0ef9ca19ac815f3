import {
  adjustedVariance,
  alwaysValidHalfWidth,
  DEFAULT_PROPORTION_PLAN,
  type ProportionPlan,
  proportionTuning,
} from './confidence-sequence.ts';
import { normalQuantile } from './normal.ts';
import { type DetectionPlan, possiblePlan } from './sample-size.ts';

/** Past this many entrants in the group compared against, the plan is out of reach: undefined. */
const MOST_ENTRANTS = 1e12;

/**
 * Entrants per group at which the report's verdict, which follows the always-valid interval
 * (confidence-sequence.ts), would find a true difference of `uplift` with the given power.
 *
 * Why not the fixed-horizon size (sample-size.ts): the always-valid interval is wider than the
 * fixed one, so at the size Fleiss' formula gives the verdict found 10% -> 12% (a 10% holdout) in
 * 42% of tests, not 80%, and the report said the entrants were enough while it could not tell.
 *
 * With the rates the plan says (the other group at `baseline`, the subject at baseline + uplift)
 * and the split it says, the estimate is about normal around the uplift with the variance V(n)
 * the interval will estimate (the same Agresti-Caffo adjusted variance), so the interval excludes 0
 * with probability Phi((|uplift| - halfWidth(V)) / sqrt(V)). The smallest control group with
 * |uplift| >= halfWidth(V) + z_power sqrt(V) is found by bisection: both terms fall as entrants
 * come in, so the condition, once met, stays met. Power at that one size is a lower bound, since
 * the always-valid verdict may be read, and reached, at any size before it.
 *
 * Undefined when the plan is impossible (as in sample-size.ts), or needs more than 10^12 entrants.
 */
export function entrantsForVerdict(
  plan: DetectionPlan,
  sequence: ProportionPlan = DEFAULT_PROPORTION_PLAN,
): { treatment: number; control: number } | undefined {
  const possible = possiblePlan(plan);
  if (possible === undefined) return undefined;
  const { baseline, treated, uplift, allocation: r, alpha, power } = possible;
  const tuning = proportionTuning(sequence);
  const zPower = normalQuantile(power);
  const detects = (control: number): boolean => {
    const treatment = r * control;
    const variance =
      adjustedVariance({ successes: treated * treatment, trials: treatment }) +
      adjustedVariance({ successes: baseline * control, trials: control });
    return Math.abs(uplift) >= alwaysValidHalfWidth(variance, alpha, tuning) + zPower * Math.sqrt(variance);
  };
  let enough = 1;
  while (!detects(enough)) {
    if (enough > MOST_ENTRANTS) return undefined;
    enough *= 2;
  }
  let tooFew = enough / 2;
  while (enough - tooFew > 1) {
    const middle = Math.floor((tooFew + enough) / 2);
    if (detects(middle)) enough = middle;
    else tooFew = middle;
  }
  return { treatment: Math.ceil(r * enough), control: enough };
}
