import * as z from 'zod';
import { Condition } from './condition.ts';
import { Duration } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { FieldPath, Name } from './field-path.ts';

/**
 * Steps are written with their kind as the key (`- wait: 1h`, `- send: email`), which reads well in
 * YAML. Each kind is a strict object so a typo in a key is an error, not a silently ignored field.
 */

export const Channel = z.enum(['email', 'sms', 'push']);
export type Channel = z.infer<typeof Channel>;

export const Category = z.enum(['marketing', 'transactional']);
export type Category = z.infer<typeof Category>;

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** Local time of day in the profile's time zone, "HH:MM-HH:MM"; it may wrap past midnight. */
export const TimeWindow = z
  .string()
  .regex(
    /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
    'expected a local time window such as "09:00-20:00"',
  )
  .refine(
    (window) => window.slice(0, 5) !== window.slice(6),
    'a window must not start and end at the same time',
  );
export type TimeWindow = z.infer<typeof TimeWindow>;

const TimestampSource = z
  .string()
  .regex(
    /^(profile|event)\.[\w$-]+(\.[\w$-]+)*$/,
    'expected "profile.<field>" or "event.<field>", e.g. "profile.renewalDate"',
  );

const WindowSpec = z.strictObject({
  window: TimeWindow,
  days: z.array(Weekday).min(1).optional().meta({ description: 'Only on these days (default: every day).' }),
});
export type WindowSpec = z.infer<typeof WindowSpec>;

/** What a wait `until` a date does when that date is already past. */
export const IfPassed = z.enum(['exit', 'continue']);
export type IfPassed = z.infer<typeof IfPassed>;

export const WaitSpec = z
  .strictObject({
    for: Duration.optional().meta({ description: 'Wait this long.' }),
    until: TimestampSource.optional().meta({
      description: 'Wait until this timestamp of the profile or the event.',
    }),
    before: Duration.optional().meta({ description: 'With "until": wake this long before the timestamp.' }),
    after: Duration.optional().meta({ description: 'With "until": wake this long after the timestamp.' }),
    'if-passed': IfPassed.optional().meta({
      description:
        'With "until": what happens when the wake-up is already more than an hour past as the journey reaches the wait. "exit" (the default) ends the journey, recorded as date-passed; "continue" goes on at once. "until" is one date, once: a birth date is always past, so it is not a birthday.',
    }),
    window: TimeWindow.optional().meta({ description: 'Wait until the local time is inside this window.' }),
    days: z.array(Weekday).min(1).optional(),
    // biome-ignore lint/suspicious/noThenProperty: `then` reads naturally in YAML (wait 1 day, then until 09:00); specs are never awaited.
    then: WindowSpec.optional().meta({
      description: 'After "for" or "until", also wait for this local window.',
    }),
  })
  .superRefine((spec, ctx) => {
    const bases = (['for', 'until', 'window'] as const).filter((key) => spec[key] !== undefined);
    if (bases.length !== 1) {
      ctx.addIssue({ code: 'custom', message: 'a wait needs exactly one of "for", "until" or "window"' });
    }
    if ((spec.before !== undefined || spec.after !== undefined) && spec.until === undefined) {
      ctx.addIssue({ code: 'custom', message: '"before" and "after" only apply to "until"' });
    }
    if (spec['if-passed'] !== undefined && spec.until === undefined) {
      ctx.addIssue({ code: 'custom', path: ['if-passed'], message: '"if-passed" only applies to "until"' });
    }
    if (spec.before !== undefined && spec.after !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['after'], message: 'use either "before" or "after", not both' });
    }
    if (spec.days !== undefined && spec.window === undefined) {
      ctx.addIssue({ code: 'custom', path: ['days'], message: '"days" only applies to "window"' });
    }
    if (spec.then !== undefined && spec.window !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['then'],
        message: '"then" follows "for" or "until", not "window"',
      });
    }
  });
export type WaitSpec = z.infer<typeof WaitSpec>;

/**
 * Whether the journey ends at this wait when its date is already past: the schedule function
 * throws the date-passed error exactly when the compiled state catches it, so both ask here.
 */
export function endsWhenDatePassed(wait: WaitSpec): boolean {
  return wait.until !== undefined && wait['if-passed'] !== 'continue';
}

const StepId = Name.optional().meta({
  description: 'A stable id: it names the state in the console and the step in the send ledger.',
});

export const WaitStep = z.strictObject({ id: StepId, wait: z.union([Duration, WaitSpec]) });
export type WaitStep = z.infer<typeof WaitStep>;

export const SendStep = z.strictObject({
  id: StepId,
  send: Channel,
  template: Name.meta({ description: 'A folder under templates/ holding a file for this channel.' }),
  category: Category.default('marketing').meta({
    description: 'Transactional messages bypass marketing consent and caps, never suppression.',
  }),
  topic: Name.optional().meta({
    description: 'Subscription topic checked for consent (default: the program).',
  }),
  from: Name.optional().meta({
    description: 'A sender identity from parcours.config.yaml (default: "default").',
  }),
});
export type SendStep = z.infer<typeof SendStep>;

export const UpdateProfileStep = z.strictObject({
  id: StepId,
  'update-profile': z
    .strictObject({
      set: z.record(FieldPath, z.union([z.string(), z.number(), z.boolean()])).optional(),
      unset: z.array(FieldPath).min(1).optional(),
      increment: z.record(FieldPath, z.number()).optional(),
    })
    .refine((update) => Object.values(update).some((value) => value !== undefined), {
      message: 'update-profile needs "set", "unset" or "increment"',
    }),
});
export type UpdateProfileStep = z.infer<typeof UpdateProfileStep>;

export const EmitStep = z.strictObject({
  id: StepId,
  emit: z.strictObject({
    'detail-type': z.string().min(1),
    source: z.string().min(1).default('parcours'),
    detail: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type EmitStep = z.infer<typeof EmitStep>;

export const WebhookStep = z.strictObject({
  id: StepId,
  webhook: z.strictObject({
    url: z.string().regex(/^https:\/\//, 'a webhook URL must use https://'),
    method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.record(z.string(), z.unknown()).optional(),
    timeout: Duration.default('10s'),
  }),
});
export type WebhookStep = z.infer<typeof WebhookStep>;

export const ExitStep = z.strictObject({
  id: StepId,
  exit: Name.meta({ description: 'Why the journey ends here, e.g. "not-eligible".' }),
});
export type ExitStep = z.infer<typeof ExitStep>;

export const HoldoutStep = z.strictObject({
  id: StepId,
  holdout: z.number().gt(0).lt(100).meta({
    description: 'Percentage of customers who receive nothing from here on but are still measured.',
  }),
});
export type HoldoutStep = z.infer<typeof HoldoutStep>;

export type BranchPath = { when: Condition; label?: string | undefined; steps: Step[] };
export type BranchStep = { id?: string | undefined; branch: BranchPath[]; otherwise?: Step[] | undefined };
export type SplitPath = { variant: string; weight: number; steps: Step[] };
export type SplitStep = { id?: string | undefined; split: SplitPath[] };
export type WaitForStep = {
  id?: string | undefined;
  'wait-for': {
    event: EventPattern;
    timeout: string;
    'on-event'?: Step[] | undefined;
    'on-timeout'?: Step[] | undefined;
  };
};

export type Step =
  | WaitStep
  | SendStep
  | BranchStep
  | SplitStep
  | HoldoutStep
  | WaitForStep
  | UpdateProfileStep
  | EmitStep
  | WebhookStep
  | ExitStep;

const Steps: z.ZodType<Step[]> = z.lazy(() => z.array(Step).min(1, 'a path needs at least one step'));

export const BranchStep: z.ZodType<BranchStep> = z.strictObject({
  id: StepId,
  branch: z
    .array(
      z.strictObject({
        when: Condition,
        label: z.string().optional().meta({ description: 'How the path reads in the graph.' }),
        steps: Steps,
      }),
    )
    .min(1),
  otherwise: Steps.optional().meta({
    description: 'Steps for customers no "when" matched (default: go on).',
  }),
});

export const SplitStep: z.ZodType<SplitStep> = z.strictObject({
  id: StepId,
  split: z
    .array(
      z.strictObject({
        variant: Name,
        weight: z
          .number()
          .int()
          .min(1)
          .max(99)
          .meta({ description: 'Percentage of customers; all sum to 100.' }),
        steps: Steps,
      }),
    )
    .min(2, 'a split needs at least two variants'),
});

export const WaitForStep: z.ZodType<WaitForStep> = z.strictObject({
  id: StepId,
  'wait-for': z.strictObject({
    event: EventPattern,
    timeout: Duration,
    'on-event': Steps.optional().meta({ description: 'Steps when the event arrives in time (then go on).' }),
    'on-timeout': Steps.optional().meta({ description: 'Steps when it does not (then go on).' }),
  }),
});

/** The kind of each step is the one key that names it. */
export const STEP_SCHEMAS = {
  wait: WaitStep,
  send: SendStep,
  branch: BranchStep,
  split: SplitStep,
  holdout: HoldoutStep,
  'wait-for': WaitForStep,
  'update-profile': UpdateProfileStep,
  emit: EmitStep,
  webhook: WebhookStep,
  exit: ExitStep,
} as const;
export type StepKind = keyof typeof STEP_SCHEMAS;
export const STEP_KINDS = Object.keys(STEP_SCHEMAS) as StepKind[];

export const Step: z.ZodType<Step> = z.lazy(() => z.union(Object.values(STEP_SCHEMAS)).meta({ id: 'Step' }));

export function stepKind(step: Step): StepKind {
  if ('wait' in step) return 'wait';
  if ('send' in step) return 'send';
  if ('branch' in step) return 'branch';
  if ('split' in step) return 'split';
  if ('holdout' in step) return 'holdout';
  if ('wait-for' in step) return 'wait-for';
  if ('update-profile' in step) return 'update-profile';
  if ('emit' in step) return 'emit';
  if ('webhook' in step) return 'webhook';
  return 'exit';
}
