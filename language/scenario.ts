import * as z from 'zod';
import { Condition } from './condition.ts';
import { Duration } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { FieldPath, Name } from './field-path.ts';
import { Step } from './steps.ts';
import { Trigger } from './trigger.ts';

/** The customer life-cycle stages, used to map which stages a team's scenarios cover. */
export const Stage = z.enum([
  'discovery',
  'signup',
  'activation',
  'onboarding',
  'purchase',
  'retention',
  'reactivation',
]);
export type Stage = z.infer<typeof Stage>;

export const Reentry = z.union([
  z.enum(['never', 'always']),
  z.strictObject({
    after: Duration.check(
      z.meta({ description: 'Re-enter once this long has passed since the last entry.' }),
    ),
  }),
]);
export type Reentry = z.infer<typeof Reentry>;

export const Entry = z.strictObject({
  key: z.optional(FieldPath).meta({
    description:
      'Event field that identifies the journey (e.g. "detail.cartId"): one journey per profile and key.',
  }),
  reentry: Reentry.default('never'),
  when: Condition.optional().meta({ description: 'Only customers meeting this condition enter.' }),
});
export type Entry = z.infer<typeof Entry>;

export const Goal = z.strictObject({
  event: EventPattern.check(
    z.meta({ description: 'The conversion event, e.g. { detail-type: [order.placed] }.' }),
  ),
  within: Duration.check(z.meta({ description: 'Conversions count this long after entry.' })),
  value: z.optional(FieldPath).meta({
    description:
      'Where the conversion event holds its value, e.g. "detail.total": each conversion carries it as ' +
      'revenue. A number, or a string holding one; anything else counts the conversion without a value.',
  }),
  currency: z.optional(FieldPath).meta({
    description:
      'Where the conversion event holds the ISO 4217 currency of its value, e.g. "detail.currency". ' +
      'Default: the project currency ("currency" in parcours.config.yaml).',
  }),
});
export type Goal = z.infer<typeof Goal>;

export const Scenario = z
  .strictObject({
    id: Name,
    name: z.string().min(1),
    description: z.string().optional(),
    program: Name.check(z.meta({ description: 'A relationship program from programs.yaml.' })),
    stage: Stage,
    trigger: Trigger.meta({
      description:
        'What starts a journey: an EventBridge pattern of events, a schedule (a broadcast to an audience), ' +
        'a segment entered or exited, or an anniversary of a profile date.',
    }),
    entry: Entry.default({ reentry: 'never' }),
    goal: Goal.optional().meta({
      description: "Reaching it ends the journey as converted (default: the program's goal).",
    }),
    steps: z.array(Step).min(1, 'a scenario needs at least one step'),
  })
  .meta({ id: 'Scenario', title: 'Parcours scenario' });
export type Scenario = z.infer<typeof Scenario>;
