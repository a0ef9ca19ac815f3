import * as z from 'zod';
import { Category, Channel } from './channel.ts';
import { Condition } from './condition.ts';
import { Duration } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { FieldPath, Name } from './field-path.ts';
import { WaitSpec } from './wait-spec.ts';
import { webhookHostProblem } from './webhook-url.ts';

/**
 * Steps are written with their kind as the key (`- wait: 1h`, `- send: email`), which reads well in
 * YAML. Each kind is a strict object so a typo in a key is an error, not a silently ignored field.
 */

/*
 * Each step's schema is built on its first use: a module that imports this one for a step's type
 * does not build every step's schema when it loads.
 */

const StepId = z.lazy(() =>
  z.optional(Name).meta({
    description: 'A stable id: it names the state in the console and the step in the send ledger.',
  }),
);

export const WaitStep = z.lazy(() => z.strictObject({ id: StepId, wait: z.union([Duration, WaitSpec]) }));
export type WaitStep = z.infer<typeof WaitStep>;

export const SendStep = z.lazy(() =>
  z.strictObject({
    id: StepId,
    send: Channel,
    template: Name.check(
      z.meta({ description: 'A folder under templates/ holding a file for this channel.' }),
    ),
    category: z._default(Category, 'marketing').meta({
      description: 'Transactional messages bypass marketing consent and caps, never suppression.',
    }),
    topic: z.optional(Name).meta({
      description: 'Subscription topic checked for consent (default: the program).',
    }),
    from: z.optional(Name).meta({
      description: 'A sender identity from parcours.config.yaml (default: "default").',
    }),
  }),
);
export type SendStep = z.infer<typeof SendStep>;

export const UpdateProfileStep = z.lazy(() =>
  z.strictObject({
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
  }),
);
export type UpdateProfileStep = z.infer<typeof UpdateProfileStep>;

export const EmitStep = z.lazy(() =>
  z.strictObject({
    id: StepId,
    emit: z.strictObject({
      'detail-type': z.string().min(1),
      source: z.string().min(1).default('parcours'),
      detail: z.record(z.string(), z.unknown()).default({}),
    }),
  }),
);
export type EmitStep = z.infer<typeof EmitStep>;

export const WebhookStep = z.lazy(() =>
  z.strictObject({
    id: StepId,
    webhook: z.strictObject({
      url: z
        .string()
        .regex(/^https:\/\//, 'a webhook URL must use https://')
        .refine((url) => webhookHostProblem(url) === undefined, {
          error: (issue) => webhookHostProblem(String(issue.input)),
        }),
      method: z.enum(['POST', 'PUT', 'PATCH']).default('POST'),
      headers: z.record(z.string(), z.string()).optional(),
      body: z.record(z.string(), z.unknown()).optional(),
      timeout: z._default(Duration, '10s'),
    }),
  }),
);
export type WebhookStep = z.infer<typeof WebhookStep>;

export const ExitStep = z.lazy(() =>
  z.strictObject({
    id: StepId,
    exit: Name.check(z.meta({ description: 'Why the journey ends here, e.g. "not-eligible".' })),
  }),
);
export type ExitStep = z.infer<typeof ExitStep>;

export const HoldoutStep = z.lazy(() =>
  z.strictObject({
    id: StepId,
    holdout: z.number().gt(0).lt(100).meta({
      description: 'Percentage of customers who receive nothing from here on but are still measured.',
    }),
  }),
);
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

export const BranchStep: z.ZodType<BranchStep> = z.lazy(() =>
  z.strictObject({
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
  }),
);

export const SplitStep: z.ZodType<SplitStep> = z.lazy(() =>
  z.strictObject({
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
  }),
);

export const WaitForStep: z.ZodType<WaitForStep> = z.lazy(() =>
  z.strictObject({
    id: StepId,
    'wait-for': z.strictObject({
      event: EventPattern,
      timeout: Duration,
      'on-event': Steps.optional().meta({
        description: 'Steps when the event arrives in time (then go on).',
      }),
      'on-timeout': Steps.optional().meta({ description: 'Steps when it does not (then go on).' }),
    }),
  }),
);

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
