import { Duration } from 'aws-cdk-lib';
import type * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';
import { LambdaRule } from './lambda-rule.ts';

/**
 * Every app event reaches ingest, which applies it and then starts the journeys it triggers: one
 * rule, so an entry condition always reads the profile its event produced (two rules would race).
 * AWS service events share the default bus; they are not customer events (SES and SMS ones have
 * their own rule), so any source starting with "aws." is left out.
 */
export const INGEST_PATTERN = { source: [{ 'anything-but': { prefix: 'aws.' } }] } as const;

/** The SES detail types shared/ingest/ses-delivery.ts maps; the rest would be ignored anyway. */
const SES_DETAIL_TYPES = [
  'Email Delivered',
  'Email Opened',
  'Email Clicked',
  'Email Bounced',
  'Email Complaint Received',
] as const;
const SMS_DETAIL_TYPES = ['Text Message Delivery Status Updated'] as const;

/** SES events of Parcours' configuration sets, and every SMS delivery status. */
export function deliveryEventsPattern(configurationSets: readonly string[]): Record<string, unknown> {
  const sms = { source: ['aws.sms-voice'], 'detail-type': [...SMS_DETAIL_TYPES] };
  if (configurationSets.length === 0) return sms;
  return {
    $or: [
      {
        source: ['aws.ses'],
        'detail-type': [...SES_DETAIL_TYPES],
        detail: { mail: { tags: { 'ses:configuration-set': [...configurationSets] } } },
      },
      sms,
    ],
  };
}

export interface EventRoutingProps {
  /** The bus apps publish to. */
  readonly eventBus: events.IEventBus;
  /** The account's default bus, where SES and SMS publish delivery events. */
  readonly defaultBus: events.IEventBus;
  readonly ingest: lambda.Function;
  readonly deliveryEvents: lambda.Function;
  /** The SES configuration sets whose events Parcours ingests. */
  readonly emailConfigurationSets: readonly string[];
  /**
   * How long a failed asynchronous invocation is retried by Lambda before it lands in the
   * function's failure queue (ingest is idempotent by event id, so retries are safe).
   * @default Duration.hours(6)
   */
  readonly maxEventAge?: Duration;
}

/**
 * The rules: one for every app event (to ingest, which also starts the journeys), one for SES and
 * SMS delivery events (to delivery-events). No rule per scenario trigger: ingest matches triggers
 * itself, after applying the event. Each target retries and has its own dead-letter queue; each
 * function these rules invoke asynchronously sends what still fails to an on-failure queue.
 */
export class EventRouting extends Construct {
  readonly ingestRule: LambdaRule;
  readonly deliveryRule: LambdaRule;
  readonly failureQueues: readonly DeadLetterQueue[];

  constructor(scope: Construct, id: string, props: EventRoutingProps) {
    super(scope, id);
    this.ingestRule = new LambdaRule(this, 'Ingest', {
      eventBus: props.eventBus,
      eventPattern: INGEST_PATTERN,
      target: props.ingest,
      description: 'Parcours: every app event to ingest',
    });
    this.deliveryRule = new LambdaRule(this, 'DeliveryEvents', {
      eventBus: props.defaultBus,
      eventPattern: deliveryEventsPattern(props.emailConfigurationSets),
      target: props.deliveryEvents,
      description: 'Parcours: SES and SMS delivery events to delivery-events',
    });
    const maxEventAge = props.maxEventAge ?? Duration.hours(6);
    this.failureQueues = [
      onFailureQueue(this, 'IngestFailures', props.ingest, 'ingest', maxEventAge),
      onFailureQueue(this, 'DeliveryEventsFailures', props.deliveryEvents, 'delivery-events', maxEventAge),
    ];
  }

  /** Every dead-letter and failure queue, for alarms and dashboards. */
  get deadLetterQueues(): DeadLetterQueue[] {
    return [this.ingestRule.deadLetterQueue, this.deliveryRule.deadLetterQueue, ...this.failureQueues];
  }
}

function onFailureQueue(
  scope: Construct,
  id: string,
  fn: lambda.Function,
  name: string,
  maxEventAge: Duration,
): DeadLetterQueue {
  const queue = new DeadLetterQueue(scope, id, {
    purpose: `${name}: invocations that failed after Lambda's retries`,
  });
  fn.configureAsyncInvoke({
    // Not SqsDestination, which also grants GetQueueAttributes and GetQueueUrl: Lambda only sends.
    onFailure: {
      bind: (_scope, target) => {
        target.grantPrincipal.addToPrincipalPolicy(
          new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [queue.queue.queueArn] }),
        );
        return { destination: queue.queue.queueArn };
      },
    },
    retryAttempts: 2,
    maxEventAge,
  });
  return queue;
}
