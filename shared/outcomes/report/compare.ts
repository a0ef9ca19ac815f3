import type { GroupFigures } from '../report-queries.ts';
import { entrantsForVerdict } from '../statistics/always-valid-sample-size.ts';
import { alwaysValidProportionDifference } from '../statistics/confidence-sequence.ts';
import { differenceInterval, relativeUpliftInterval } from '../statistics/proportions.ts';
import { revenueDifferenceInterval } from '../statistics/revenue-difference.ts';
import type { Interval } from '../statistics/types.ts';
import { amount, count, percent, points } from './format.ts';
import type { Comparison, Estimate, Verdict } from './outcome-report.ts';

export type Side = { readonly label: string; readonly figures: GroupFigures };

/**
 * Compares a group with another one: the difference in conversion rate with Newcombe's interval,
 * the always-valid interval that decides the verdict, the relative uplift, and what the difference
 * is worth for the subject's entrants (incremental conversions and revenue). Undefined while either
 * side has no entrant.
 */
export function compare(
  subject: Side,
  against: Side,
  minimumUplift: number,
  currency: string,
): Comparison | undefined {
  const a = counts(subject.figures);
  const b = counts(against.figures);
  const absolute = differenceInterval(a, b);
  const alwaysValid = alwaysValidProportionDifference(a, b);
  if (absolute === undefined || alwaysValid === undefined) return undefined;
  const relative = relativeUpliftInterval(a, b);
  const revenuePerEntrant = revenueDifferenceInterval(revenue(subject.figures), revenue(against.figures));
  const entrants = subject.figures.entered;
  const verdict: Verdict = alwaysValid.low > 0 ? 'better' : alwaysValid.high < 0 ? 'worse' : 'cannot-tell';
  const needed =
    verdict === 'cannot-tell' && !rulesOut(alwaysValid, minimumUplift)
      ? stillNeeded(subject.figures, against.figures, minimumUplift)
      : undefined;
  const comparison: Omit<Comparison, 'words'> = {
    subject: subject.label,
    against: against.label,
    absolute,
    alwaysValid: { low: alwaysValid.low, high: alwaysValid.high },
    ...(relative === undefined ? {} : { relative }),
    incrementalConversions: scaled(absolute, entrants),
    ...(revenuePerEntrant === undefined || !Number.isFinite(revenuePerEntrant.low)
      ? {}
      : { incrementalRevenue: scaled(revenuePerEntrant, entrants) }),
    verdict,
    ...(needed === undefined ? {} : { needed }),
  };
  return { ...comparison, words: inWords(comparison, minimumUplift, currency) };
}

const counts = (figures: GroupFigures) => ({ successes: figures.converted, trials: figures.entered });
const revenue = (figures: GroupFigures) => ({
  n: figures.entered,
  sum: figures.revenue,
  sumSquares: figures.revenue_squares,
  converted: figures.converted,
});
const scaled = (estimate: Estimate, by: number): Estimate => ({
  estimate: estimate.estimate * by,
  low: estimate.low * by,
  high: estimate.high * by,
});

/**
 * Whether the always-valid interval lies strictly within (-uplift, +uplift): any difference is then
 * smaller than the smallest one worth detecting, and more entrants are not needed to say so.
 */
const rulesOut = (interval: Interval, uplift: number): boolean =>
  interval.low > -Math.abs(uplift) && interval.high < Math.abs(uplift);

/**
 * How many entrants each side needs in all for the always-valid verdict to detect the minimum
 * uplift over the other side's rate with 80% power, at the current split between them;
 * undefined when that cannot be computed (no conversion yet on the other side, or an uplift that
 * would pass 100%).
 */
function stillNeeded(
  subject: GroupFigures,
  against: GroupFigures,
  uplift: number,
): Comparison['needed'] | undefined {
  const baseline = against.converted / against.entered;
  const plan = entrantsForVerdict({ baseline, uplift, allocation: subject.entered / against.entered });
  if (plan === undefined) return undefined;
  return {
    subject: Math.max(0, plan.treatment - subject.entered),
    against: Math.max(0, plan.control - against.entered),
    uplift,
  };
}

function inWords(comparison: Omit<Comparison, 'words'>, minimumUplift: number, currency: string): string {
  const { absolute } = comparison;
  const interval = `${points(absolute.estimate)} points [${points(absolute.low)}, ${points(absolute.high)}], 95%`;
  const revenue =
    comparison.incrementalRevenue === undefined || comparison.incrementalRevenue.estimate === 0
      ? ''
      : `; ${money(comparison.incrementalRevenue.estimate, currency)} incremental revenue`;
  switch (comparison.verdict) {
    case 'better':
      return `${comparison.subject} beats ${comparison.against}: ${interval}${revenue}`;
    case 'worse':
      return `${comparison.subject} does worse than ${comparison.against}: ${interval}${revenue}`;
    case 'cannot-tell': {
      // The fixed interval may already exclude 0: it holds for one look at a planned sample, and the
      // report is read every day, so the verdict waits for the always-valid interval.
      const { alwaysValid } = comparison;
      const early =
        absolute.low > 0 || absolute.high < 0
          ? `; the always-valid interval [${points(alwaysValid.low)}, ${points(alwaysValid.high)}] still includes 0`
          : '';
      return `cannot tell yet whether ${comparison.subject} beats ${comparison.against}: ${interval}${early}${advice(comparison, minimumUplift)}`;
    }
  }
}

/**
 * What more entrants would settle, while the verdict cannot tell. Each phrase follows from the
 * always-valid interval, as the verdict does, so none contradicts the difference measured: "any
 * difference is smaller" only when that interval lies within the minimum uplift either way (so
 * the measured difference does too), "enough entrants" only once the plan's size is reached.
 */
function advice(comparison: Omit<Comparison, 'words'>, minimumUplift: number): string {
  const { alwaysValid, needed } = comparison;
  const size = Math.abs(minimumUplift);
  if (rulesOut(alwaysValid, size))
    return ` (any difference is smaller than ${percent(size)} points either way)`;
  if (needed === undefined) return '';
  if (needed.subject > 0 || needed.against > 0)
    return (
      ` (about ${count(needed.subject)} more entrants in ${comparison.subject} and ` +
      `${count(needed.against)} more in ${comparison.against} would detect ${points(size)} points)`
    );
  // At the planned size a true difference of the minimum uplift still goes undetected 1 time in 5:
  // say which end of the interval keeps the question open.
  const reached = alwaysValid.high >= size ? size : -size;
  return (
    ` (enough entrants to detect ${points(size)} points 4 times in 5, ` +
    `yet the always-valid interval holds both 0 and ${points(reached)} points)`
  );
}

/** A signed sum in a currency: "+31,631.35 EUR". */
function money(value: number, currency: string): string {
  const sign = value < 0 ? '-' : value > 0 ? '+' : '';
  return `${sign}${amount(Math.abs(value))} ${currency}`;
}
