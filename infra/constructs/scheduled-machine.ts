import { RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StateMachine } from '../../state-machines/compiler/asl.ts';
import type { SchedulerExpression } from '../../state-machines/compiler/schedule-expression.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';

export interface ScheduledMachineProps {
  /** The state machine's name, also its log group's. */
  readonly name: string;
  readonly definition: StateMachine;
  /** The definition's `${Name}` placeholders and what CloudFormation puts in their place. */
  readonly substitutions: Readonly<Record<string, string>>;
  /** When Scheduler starts it, in which zone (DST as Scheduler keeps it). */
  readonly when: SchedulerExpression;
  /** What each start is, for the schedule's description. */
  readonly purpose: string;
  /** Where a start Scheduler could not make after a day of retries goes. */
  readonly deadLetters: DeadLetterQueue;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays | undefined;
}

/**
 * A Standard state machine that EventBridge Scheduler starts, with `{ "scheduledTime": … }`: a
 * broadcast or the segment sweep. Logged (without execution data, which names customers) and
 * traced; the schedule's role may start this state machine and nothing else.
 */
export class ScheduledMachine extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.CfnSchedule;

  constructor(scope: Construct, id: string, props: ScheduledMachineProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${props.name}`,
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: props.name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(props.definition)),
      definitionSubstitutions: { ...props.substitutions },
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
      tracingEnabled: true,
    });
    Validations.of(this.stateMachine).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Only CloudWatch Logs vended delivery and X-Ray use "*": those actions take no resource-level permissions.',
    });

    const role = new iam.Role(this, 'ScheduleRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: `Parcours: starts ${props.name}`,
    });
    this.stateMachine.grantStartExecution(role);
    props.deadLetters.queue.grantSendMessages(role);
    this.schedule = new scheduler.CfnSchedule(this, 'Schedule', {
      description: `Parcours: ${props.purpose}`,
      scheduleExpression: props.when.expression,
      scheduleExpressionTimezone: props.when.timeZone,
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: this.stateMachine.stateMachineArn,
        roleArn: role.roleArn,
        input: JSON.stringify({ scheduledTime: '<aws.scheduler.scheduled-time>' }),
        // Scheduler retries a start that failed for a day; the last failure goes to the queue.
        retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
        deadLetterConfig: { arn: props.deadLetters.queue.queueArn },
      },
    });
  }
}
