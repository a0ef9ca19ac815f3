import * as z from 'zod';

/**
 * What journey entry needs to place a customer for measurement without rebuilding the step tree:
 * the holdout step and its percentage, and each split's variants with the upper bound of their
 * buckets, in the order the split's Choice state tests them. The compiler writes it into the
 * manifest; the runtime reads it from the bundle.
 */
export const ScenarioAssignments = z.object({
  holdout: z.object({ step: z.string(), percent: z.number().gt(0).lt(100) }).optional(),
  splits: z.array(
    z.object({
      step: z.string(),
      variants: z.array(z.object({ variant: z.string(), upper: z.number().gt(0).max(100) })).min(2),
    }),
  ),
});
export type ScenarioAssignments = z.infer<typeof ScenarioAssignments>;
