import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import type { JourneyStateMachine } from './journey-state-machine.ts';
import { scenarioSendQuery } from './metrics.ts';

const FIVE_MINUTES = Duration.minutes(5);

export interface ParcoursAlarmsProps {
  /** Prefix of the alarm names, e.g. the stack name. */
  readonly namePrefix: string;
  readonly journeys: readonly JourneyStateMachine[];
  /** Scenarios that send messages: each gets a send-failure alarm. */
  readonly sendingScenarios: ReadonlySet<string>;
  readonly deadLetterQueues: readonly DeadLetterQueue[];
  /** The state machines Scheduler starts (broadcasts, the segment sweep), by a name for the alarm. */
  readonly scheduledMachines: ReadonlyMap<string, sfn.IStateMachine>;
  /**
   * Send failures of one scenario within 5 minutes that raise its alarm: a few invalid addresses
   * are normal, a burst means a provider or configuration problem.
   * @default 5
   */
  readonly sendFailureThreshold?: number;
  /** @default - alarms show in the CloudWatch console only */
  readonly alarmTopic?: sns.ITopic;
}

/**
 * What someone must look at: a journey execution that failed (a step kept failing past its
 * retries), an event that could not be delivered or processed (any message in a dead-letter or
 * failure queue), and a scenario whose sends fail in bulk.
 */
export class ParcoursAlarms extends Construct {
  readonly failedExecutions: ReadonlyMap<string, cloudwatch.Alarm>;
  /** A broadcast or sweep that failed: some of its customers were not reached. */
  readonly failedScheduled: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly sendFailures: ReadonlyMap<string, cloudwatch.Alarm>;
  readonly deadLetters: readonly cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: ParcoursAlarmsProps) {
    super(scope, id);
    const notify = (alarm: cloudwatch.Alarm): cloudwatch.Alarm => {
      if (props.alarmTopic !== undefined) alarm.addAlarmAction(new actions.SnsAction(props.alarmTopic));
      return alarm;
    };

    this.failedExecutions = new Map(
      props.journeys.map((journey) => [
        journey.scenarioId,
        notify(
          new cloudwatch.Alarm(this, `FailedExecutions-${journey.scenarioId}`, {
            alarmName: `${props.namePrefix}-${journey.scenarioId}-failed-executions`,
            alarmDescription: `Journeys of "${journey.scenarioId}" failed: open the state machine's failed executions in the Step Functions console.`,
            // Executions started on the alias may be counted under the alias ARN as well as the
            // state machine's: both are summed, so a failure shows whichever way it is reported.
            metric: new cloudwatch.MathExpression({
              expression: 'FILL(unqualified, 0) + FILL(live, 0)',
              usingMetrics: {
                unqualified: journey.stateMachine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
                live: new cloudwatch.Metric({
                  namespace: 'AWS/States',
                  metricName: 'ExecutionsFailed',
                  dimensionsMap: { StateMachineArn: journey.aliasArn },
                  period: FIVE_MINUTES,
                  statistic: 'Sum',
                }),
              },
              label: `failed executions ${journey.scenarioId}`,
              period: FIVE_MINUTES,
            }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      ]),
    );

    this.failedScheduled = new Map(
      [...props.scheduledMachines].map(([name, machine]) => [
        name,
        notify(
          new cloudwatch.Alarm(this, `FailedScheduled-${name}`, {
            alarmName: `${props.namePrefix}-${name}-failed`,
            alarmDescription: `A run of ${name} failed after hours of retries: open its failed execution, fix the cause, then redrive it (customers already reached are not reached again).`,
            metric: machine.metricFailed({ period: FIVE_MINUTES, statistic: 'Sum' }),
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      ]),
    );

    this.sendFailures = new Map(
      [...props.sendingScenarios].map((scenarioId) => [
        scenarioId,
        notify(
          new cloudwatch.Alarm(this, `SendFailures-${scenarioId}`, {
            alarmName: `${props.namePrefix}-${scenarioId}-send-failures`,
            alarmDescription: `Sends of "${scenarioId}" fail: the send ledger records each failure with the provider's reason.`,
            metric: scenarioSendQuery('SendFailures', scenarioId, FIVE_MINUTES),
            threshold: props.sendFailureThreshold ?? 5,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
        ),
      ]),
    );

    this.deadLetters = props.deadLetterQueues.map((dlq) =>
      notify(
        new cloudwatch.Alarm(dlq, 'NotEmpty', {
          alarmDescription: `${dlq.purpose}. Inspect the messages, fix the cause, then redrive them.`,
          metric: dlq.queue.metricApproximateNumberOfMessagesVisible({
            period: FIVE_MINUTES,
            statistic: 'Maximum',
          }),
          threshold: 1,
          evaluationPeriods: 1,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
      ),
    );
  }

  all(): cloudwatch.Alarm[] {
    return [
      ...this.failedExecutions.values(),
      ...this.failedScheduled.values(),
      ...this.sendFailures.values(),
      ...this.deadLetters,
    ];
  }
}
