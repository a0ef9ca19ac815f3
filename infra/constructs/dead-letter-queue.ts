import { Duration, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface DeadLetterQueueProps {
  /** What ends up here, in words: it labels the queue's alarm and dashboard widget. */
  readonly purpose: string;
  /**
   * How long a failed event waits to be inspected and replayed.
   * @default Duration.days(14) - the longest SQS keeps a message
   */
  readonly retentionPeriod?: Duration;
}

/**
 * Where events go that could not be processed: encrypted (SQS-managed keys, which EventBridge and
 * Lambda can write to without a key policy) and reachable over TLS only.
 */
export class DeadLetterQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly purpose: string;

  constructor(scope: Construct, id: string, props: DeadLetterQueueProps) {
    super(scope, id);
    this.purpose = props.purpose;
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.retentionPeriod ?? Duration.days(14),
    });
    const reason =
      'This queue is itself a dead-letter queue: a redrive policy would only move the failed events ' +
      'one queue further; they stay here 14 days, alarmed on, to be replayed.';
    Validations.of(this.queue).acknowledge(
      { id: 'AwsSolutions-SQS3', reason },
      { id: 'Serverless-SQSRedrivePolicy', reason },
    );
  }
}
