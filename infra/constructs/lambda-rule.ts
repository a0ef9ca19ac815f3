import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue.ts';

export interface LambdaRuleProps {
  readonly eventBus: events.IEventBus;
  /**
   * The EventBridge pattern exactly as written (the full syntax, `$or` and `anything-but`
   * included), which the L2 Rule's camel-cased EventPattern type cannot carry verbatim.
   */
  readonly eventPattern: Readonly<Record<string, unknown>>;
  readonly target: lambda.IFunction;
  readonly description: string;
  /**
   * How often EventBridge retries a delivery the Lambda service refused (throttling, errors).
   * @default 20
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying: a journey that starts later than this would be out of
   * date ("you left your cart an hour ago"), so the event goes to the dead-letter queue instead.
   * @default Duration.hours(4)
   */
  readonly maxEventAge?: Duration;
}

/** A rule with one Lambda target, its retry policy and its own encrypted dead-letter queue. */
export class LambdaRule extends Construct {
  readonly rule: events.CfnRule;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: LambdaRuleProps) {
    super(scope, id);
    this.deadLetterQueue = new DeadLetterQueue(this, 'DeadLetters', {
      purpose: `${props.description}: events that could not be delivered`,
    });
    this.rule = new events.CfnRule(this, 'Rule', {
      description: props.description,
      eventBusName: props.eventBus.eventBusName,
      eventPattern: props.eventPattern,
      state: 'ENABLED',
      targets: [
        {
          id: 'Target',
          arn: props.target.functionArn,
          retryPolicy: {
            maximumRetryAttempts: props.retryAttempts ?? 20,
            maximumEventAgeInSeconds: (props.maxEventAge ?? Duration.hours(4)).toSeconds(),
          },
          deadLetterConfig: { arn: this.deadLetterQueue.queue.queueArn },
        },
      ],
    });
    const eventBridge = new iam.ServicePrincipal('events.amazonaws.com');
    new lambda.CfnPermission(this, 'InvokePermission', {
      action: 'lambda:InvokeFunction',
      functionName: props.target.functionArn,
      principal: eventBridge.service,
      sourceArn: this.rule.attrArn,
    });
    // Only this rule may drop its failed events here.
    this.deadLetterQueue.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [eventBridge],
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queue.queueArn],
        conditions: { ArnEquals: { 'aws:SourceArn': this.rule.attrArn } },
      }),
    );
  }
}
