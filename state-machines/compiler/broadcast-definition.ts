import { BROADCAST_PREFIXES } from '../../language/broadcast-files.ts';
import type { Retrier, StateMachine } from './asl.ts';
import { placeholder, RETRY_TRANSIENT, substitute } from './resources.ts';

/**
 * The placeholders of a broadcast definition, which the CDK app (DefinitionSubstitutions) and the
 * local runtime replace, as they do a scenario's function ARNs.
 */
export const BROADCAST_SUBSTITUTIONS = {
  audience: 'AudienceFunctionArn',
  deliver: 'DeliverFunctionArn',
  bucket: 'AudienceBucket',
} as const;
export type BroadcastSubstitution = keyof typeof BROADCAST_SUBSTITUTIONS;

export function broadcastPlaceholder(name: BroadcastSubstitution): string {
  return placeholder(BROADCAST_SUBSTITUTIONS[name]);
}

/** The definition with its placeholders filled, as CloudFormation fills them (for the local engine). */
export function substituteBroadcast(
  definition: StateMachine,
  values: Readonly<Record<BroadcastSubstitution, string>>,
): StateMachine {
  const names = Object.keys(BROADCAST_SUBSTITUTIONS) as BroadcastSubstitution[];
  return substitute(definition, new Map(names.map((name) => [broadcastPlaceholder(name), values[name]])));
}

/** The states a broadcast's definition is made of, named for the console. */
export const BROADCAST_STATES = {
  export: 'Export the audience',
  first: 'First wave',
  more: 'Another wave?',
  wave: 'Wave',
  wait: 'Wait for the wave',
  deliver: 'Deliver the wave',
  enter: 'Enter the batch',
  next: 'Next wave',
  done: 'Delivered',
} as const;

/**
 * Recipients per child execution: large enough that the orchestration of one message costs a
 * hundredth of a child (see broadcast-cost.ts), small enough that a batch paced at a few messages a
 * second finishes well within its function's timeout, and its input (about 200 bytes an item)
 * far below Step Functions' 256 KiB.
 */
export const BROADCAST_BATCH_SIZE = 100;

/** Where a Distributed Map reads a wave's JSON Lines file and writes its children's results. */
const S3_GET_OBJECT = 'arn:aws:states:::s3:getObject';
const S3_PUT_OBJECT = 'arn:aws:states:::s3:putObject';

/**
 * The audience function out of time or memory. Its invocation takes the whole audience (see
 * "How large an audience" in the README): an audience it could not take in 15 minutes or in its
 * memory will not fit the next time either, so it is tried twice more, for a passing slowness of
 * DynamoDB, and then fails the broadcast and raises its alarm. Under the transient retrier it was
 * tried 150 times, 15 minutes each: about 37 hours before anyone heard of it.
 */
export const AUDIENCE_OUT_OF_BOUNDS_RETRY: Retrier = {
  ErrorEquals: ['Sandbox.Timedout', 'Runtime.OutOfMemory'],
  IntervalSeconds: 60,
  MaxAttempts: 2,
  BackoffRate: 2,
};

/**
 * The Standard state machine of a scenario started by the clock (a schedule or an anniversary).
 * EventBridge Scheduler starts it when an occurrence begins, with `{ "scheduledTime": … }`:
 *
 * 1. The audience function takes the occurrence's audience by a parallel scan of the table, writes
 *    one JSON Lines file per wave (customers reached at the same instant) to S3, and plans the pace
 *    from the account's SES send rate.
 * 2. For each wave in time order: wait until its instant, then a Distributed Map reads its file
 *    and runs one Standard child execution per batch of recipients, as many at once as the pace
 *    allows. The deliver function enters each recipient (entry rules, holdout, control group,
 *    consent) and, for a journey of one send, sends it there and then; a longer journey starts
 *    the scenario's own state machine.
 *
 * A child retries a transient failure (throttling above all) as any step does, for hours; every
 * entry and send is idempotent, so a retried batch finishes what the last attempt left and sends
 * nothing twice. Each item carries the wave's values (occurrence, instant, pace) through the
 * ItemSelector, which reads the state input on AWS and locally alike.
 */
export function compileBroadcast(scenarioId: string): StateMachine {
  const s = BROADCAST_STATES;
  return {
    Comment: `Parcours broadcast of scenario "${scenarioId}": its audience, wave by wave`,
    StartAt: s.export,
    States: {
      [s.export]: {
        Type: 'Task',
        Resource: broadcastPlaceholder('audience'),
        Parameters: { scenario: scenarioId, 'scheduledTime.$': '$.scheduledTime' },
        ResultPath: '$.plan',
        Retry: [AUDIENCE_OUT_OF_BOUNDS_RETRY, ...RETRY_TRANSIENT],
        Next: s.first,
      },
      [s.first]: { Type: 'Pass', Parameters: { 'plan.$': '$.plan', index: 0 }, Next: s.more },
      [s.more]: {
        Type: 'Choice',
        Choices: [{ Variable: '$.index', NumericLessThanPath: '$.plan.waveCount', Next: s.wave }],
        Default: s.done,
      },
      [s.wave]: {
        Type: 'Pass',
        Parameters: {
          'plan.$': '$.plan',
          'index.$': '$.index',
          'wave.$': 'States.ArrayGetItem($.plan.waves, $.index)',
        },
        Next: s.wait,
      },
      [s.wait]: { Type: 'Wait', TimestampPath: '$.wave.at', Next: s.deliver },
      [s.deliver]: {
        Type: 'Map',
        ItemReader: {
          Resource: S3_GET_OBJECT,
          ReaderConfig: { InputType: 'JSONL' },
          Parameters: { Bucket: broadcastPlaceholder('bucket'), 'Key.$': '$.wave.key' },
        },
        ItemSelector: {
          'profileId.$': '$$.Map.Item.Value.profileId',
          'occurrence.$': '$.plan.occurrence',
          'at.$': '$.wave.at',
          'ratePerSecond.$': '$.plan.ratePerSecond',
        },
        ItemBatcher: { MaxItemsPerBatch: BROADCAST_BATCH_SIZE },
        MaxConcurrencyPath: '$.plan.concurrency',
        ToleratedFailurePercentage: 0,
        ItemProcessor: {
          ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
          StartAt: s.enter,
          States: {
            [s.enter]: {
              Type: 'Task',
              Resource: broadcastPlaceholder('deliver'),
              Parameters: { 'recipients.$': '$.Items' },
              // A child's output is its counts alone: the results file is small.
              ResultPath: '$',
              Retry: RETRY_TRANSIENT,
              End: true,
            },
          },
        },
        ResultWriter: {
          Resource: S3_PUT_OBJECT,
          Parameters: {
            Bucket: broadcastPlaceholder('bucket'),
            Prefix: `${BROADCAST_PREFIXES.results}${scenarioId}`,
          },
        },
        ResultPath: null,
        Next: s.next,
      },
      [s.next]: {
        Type: 'Pass',
        Parameters: { 'plan.$': '$.plan', 'index.$': 'States.MathAdd($.index, 1)' },
        Next: s.more,
      },
      [s.done]: { Type: 'Succeed', Comment: 'Every wave of the occurrence was delivered.' },
    },
  };
}
