import { ERROR_NAMES } from '../../language/error-names.ts';
import { SEND_CLAIM_LIFETIME_SECONDS } from '../../language/send-claim.ts';
import type { Retrier } from './asl.ts';

/**
 * Task resources are placeholders that the CDK app (definitionSubstitutions) and the local engine
 * replace with their own function ARNs, so both run the very same definition.
 */
export const FUNCTION_PLACEHOLDERS = {
  send: 'SendFunctionArn',
  check: 'CheckFunctionArn',
  schedule: 'ScheduleFunctionArn',
  waitFor: 'WaitForFunctionArn',
  updateProfile: 'UpdateProfileFunctionArn',
  emit: 'EmitFunctionArn',
  webhook: 'WebhookFunctionArn',
} as const;
export type StepFunction = keyof typeof FUNCTION_PLACEHOLDERS;

/** Every function a state machine Task can call, in the order of FUNCTION_PLACEHOLDERS. */
export const STEP_FUNCTIONS = Object.keys(FUNCTION_PLACEHOLDERS) as readonly StepFunction[];

export function functionResource(fn: StepFunction): string {
  return placeholder(FUNCTION_PLACEHOLDERS[fn]);
}

/** How a definition names what CloudFormation's DefinitionSubstitutions (or the local runtime) fills in. */
export function placeholder(name: string): string {
  return `\${${name}}`;
}

export const WAIT_FOR_TASK_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';

/**
 * The error names compiled states route on: every name the functions throw (defined once in the
 * language), and the one Step Functions itself raises when a wait-for times out.
 */
export const ERRORS = { ...ERROR_NAMES, timeout: 'States.Timeout' } as const;

const TRANSIENT_LAMBDA_ERRORS = [
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
  // The function died mid-invocation (timeout, crash, out of memory). Retrying is safe because
  // every step is idempotent, and it is how a send that crashed during its provider call gets
  // its outcome recorded as uncertain rather than left as a claim forever.
  'Sandbox.Timedout',
  'Lambda.Unknown',
  'Runtime.ExitError',
  'Runtime.OutOfMemory',
];

/**
 * A send found another attempt's claim. Without jitter, so the second retry comes strictly after
 * the claim's lifetime whatever the first attempts did: by then the claim is either final or
 * stale, and the step's outcome gets recorded instead of the retries running out first.
 */
export const RETRY_SEND_IN_PROGRESS: Retrier = {
  ErrorEquals: [ERRORS.sendInProgress],
  IntervalSeconds: SEND_CLAIM_LIFETIME_SECONDS / 2 + 1,
  MaxAttempts: 4,
  BackoffRate: 2,
  JitterStrategy: 'NONE',
};

/**
 * Attempts of a transient failure: with waits of 2 s doubling to a cap of five minutes, full
 * jitter, about six hours of retrying on average and twelve at most. A provider that throttles (a
 * broadcast meeting SES's send rate) or an outage of an hour is waited out; the journey never
 * fails after a couple of minutes of it. Each retry costs a state transition, and only when it
 * happens.
 */
export const TRANSIENT_MAX_ATTEMPTS = 150;

/** Exponential backoff with full jitter, capped at five minutes between attempts. */
export const RETRY_TRANSIENT: Retrier[] = [
  RETRY_SEND_IN_PROGRESS,
  {
    ErrorEquals: [ERRORS.retryable, ...TRANSIENT_LAMBDA_ERRORS],
    IntervalSeconds: 2,
    MaxAttempts: TRANSIENT_MAX_ATTEMPTS,
    BackoffRate: 2,
    MaxDelaySeconds: 300,
    JitterStrategy: 'FULL',
  },
];

export type FunctionArns = Readonly<Record<StepFunction, string>>;

/**
 * Replaces the `${…FunctionArn}` placeholders with real ARNs, exactly as CloudFormation's
 * DefinitionSubstitutions does, so the local engine runs the definition CDK deploys.
 */
export function substituteFunctionArns<T>(definition: T, arns: FunctionArns): T {
  return substitute(
    definition,
    new Map(
      (Object.keys(FUNCTION_PLACEHOLDERS) as StepFunction[]).map((fn) => [functionResource(fn), arns[fn]]),
    ),
  );
}

/**
 * Replaces every string that is one of the placeholders (`${Name}`) by its value, as
 * CloudFormation's DefinitionSubstitutions does.
 */
export function substitute<T>(definition: T, byPlaceholder: ReadonlyMap<string, string>): T {
  const replace = (value: unknown): unknown => {
    if (typeof value === 'string') return byPlaceholder.get(value) ?? value;
    if (Array.isArray(value)) return value.map(replace);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, replace(child)]));
    }
    return value;
  };
  return replace(definition) as T;
}
