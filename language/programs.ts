import * as z from 'zod';
import { Goal } from './scenario.ts';

export const Program = z.strictObject({
  name: z.string().min(1),
  objective: z.string().min(1).meta({ description: 'The business objective, in words.' }),
  goal: Goal,
  target: z
    .number()
    .gt(0)
    .max(100)
    .meta({ description: 'Target conversion rate, in percent, within the window.' }),
  uplift: z
    .number()
    .gt(0)
    .max(100)
    .optional()
    .meta({
      description:
        'The smallest uplift over the holdout worth detecting, in percentage points: reports say how many ' +
        'more entrants would detect it while the data cannot tell yet. Default: the gap between the target ' +
        "and the holdout's conversion rate.",
    }),
});
export type Program = z.infer<typeof Program>;

export const Programs = z
  .strictObject({ programs: z.record(z.string().regex(/^[a-z0-9][a-z0-9_-]*$/), Program) })
  .meta({ id: 'Programs', title: 'Parcours relationship programs (programs.yaml)' });
export type Programs = z.infer<typeof Programs>;
