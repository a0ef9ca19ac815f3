import * as z from 'zod';
import { FactGroup } from '../outcome-fact.ts';

/** An estimate with its 95% interval. */
export const Estimate = z.object({ estimate: z.number(), low: z.number(), high: z.number() });
export type Estimate = z.infer<typeof Estimate>;

export const Verdict = z.enum(['better', 'worse', 'cannot-tell']);
export type Verdict = z.infer<typeof Verdict>;

/**
 * One group against another (a variant or the treatment against the holdout, a program against the
 * global control group, the leading variant against the next). Rates are fractions (0.061 is
 * 6.1 points). The verdict follows the always-valid interval, which stays right however often the
 * report is read; the fixed-horizon interval is the one to quote once the test has run its course.
 */
export const Comparison = z.object({
  /** What is compared, in words: "variant discount" against "the holdout". */
  subject: z.string(),
  against: z.string(),
  absolute: Estimate,
  alwaysValid: z.object({ low: z.number(), high: z.number() }),
  relative: Estimate.optional(),
  incrementalConversions: Estimate,
  incrementalRevenue: Estimate.optional(),
  verdict: Verdict,
  /**
   * While the verdict is "cannot-tell": more entrants per group at which the verdict would detect
   * the minimum uplift 4 times in 5. Absent once the always-valid interval rules that uplift out,
   * and when it cannot be computed (no conversion yet in the group compared against).
   */
  needed: z.object({ subject: z.number().int(), against: z.number().int(), uplift: z.number() }).optional(),
  words: z.string(),
});
export type Comparison = z.infer<typeof Comparison>;

export const GroupResult = z.object({
  group: FactGroup,
  /** The split variant, for a treatment row of one variant. */
  step: z.string().optional(),
  variant: z.string().optional(),
  entered: z.number().int(),
  converted: z.number().int(),
  conversionRate: z.number(),
  interval: z.object({ low: z.number(), high: z.number() }),
  revenue: z.number(),
  revenuePerEntrant: z.number(),
});
export type GroupResult = z.infer<typeof GroupResult>;

export const StepResult = z.object({
  step: z.string(),
  channel: z.string(),
  reached: z.number().int(),
  sent: z.number().int(),
  skipped: z.record(z.string(), z.number().int()),
  failed: z.number().int(),
  uncertain: z.number().int(),
  delivered: z.number().int(),
  opened: z.number().int(),
  clicked: z.number().int(),
  bounced: z.number().int(),
  /** Conversions whose last message before them was this step's. */
  conversionsAfter: z.number().int(),
  revenueAfter: z.number(),
});
export type StepResult = z.infer<typeof StepResult>;

export const ScenarioOutcome = z.object({
  scenario: z.string(),
  program: z.string(),
  groups: z.array(GroupResult),
  /** The treatment against the holdout, when the scenario has one. */
  uplift: Comparison.optional(),
  /** Each variant against the holdout, and the leading variant against the next. */
  variants: z.array(Comparison),
  steps: z.array(StepResult),
  /** Conversions valued in another currency than the report's: counted, their value left out. */
  otherCurrency: z.number().int(),
  cost: z
    .object({
      dollars: z.number(),
      perConversion: z.number().optional(),
      perIncremental: z.number().optional(),
    })
    .optional(),
});
export type ScenarioOutcome = z.infer<typeof ScenarioOutcome>;

export const ProgramOutcome = z.object({
  program: z.string(),
  name: z.string(),
  objective: z.string(),
  /** The target conversion rate, as a fraction. */
  target: z.number(),
  entered: z.number().int(),
  converted: z.number().int(),
  conversionRate: z.number(),
  interval: z.object({ low: z.number(), high: z.number() }),
  revenue: z.number(),
  status: z.enum(['on-track', 'behind', 'cannot-tell', 'no-entrants']),
  statusWords: z.string(),
  /** Its treatment journeys against those of the global control group. */
  uplift: Comparison.optional(),
});
export type ProgramOutcome = z.infer<typeof ProgramOutcome>;

export const OutcomeReport = z.object({
  since: z.string(),
  currency: z.string(),
  programs: z.array(ProgramOutcome),
  scenarios: z.array(ScenarioOutcome),
});
export type OutcomeReport = z.infer<typeof OutcomeReport>;
