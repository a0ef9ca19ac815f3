import { ArnFormat, Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { BROADCAST_PREFIXES } from '../../language/broadcast-files.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import {
  BROADCAST_SUBSTITUTIONS,
  compileBroadcast,
} from '../../state-machines/compiler/broadcast-definition.ts';
import {
  type SchedulerExpression,
  schedulerExpression,
} from '../../state-machines/compiler/schedule-expression.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import { privateBucketProps } from './private-bucket.ts';
import { ScheduledMachine } from './scheduled-machine.ts';

/**
 * Segments of the audience's parallel scan, read at once by the one audience function: enough to
 * keep a 1,769 MB function busy with DynamoDB's answers (about 1 MB a page) rather than waiting.
 */
export const SCAN_SEGMENTS = 16;

/** A scenario's broadcast, as its state machine (after the stack's name) and its alarm are named. */
export function broadcastName(scenarioId: string): string {
  return `${scenarioId}-broadcast`;
}

export interface BroadcastsProps {
  /** The scenarios started by a schedule or an anniversary. */
  readonly scenarios: readonly ProjectScenario[];
  /** The project's time zone, which a schedule without its own is read in. */
  readonly projectZone: string;
  /** The audience and deliver functions; their versions are what the state machines call. */
  readonly audience: lambda.Function;
  readonly deliver: lambda.Function;
  readonly stackName: string;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Where a schedule's start that failed for a day goes. */
  readonly deadLetters: DeadLetterQueue;
  /** @default 7 - the audience files hold customer ids: kept a week, for a redrive or an inquiry */
  readonly audienceRetentionDays?: number;
}

/**
 * Broadcasts on AWS: per scenario started by the clock, an EventBridge Scheduler schedule (its
 * time zone, DST as Scheduler keeps it) that starts the scenario's broadcast state machine
 * (state-machines/compiler/broadcast-definition.ts), and the bucket of audience files the
 * Distributed Map reads its items from and writes its results to.
 */
export class Broadcasts extends Construct {
  readonly bucket: s3.Bucket;
  readonly stateMachines: ReadonlyMap<string, sfn.StateMachine>;
  readonly schedules: ReadonlyMap<string, scheduler.CfnSchedule>;

  constructor(scope: Construct, id: string, props: BroadcastsProps) {
    super(scope, id);
    // Only transient files: the lifecycle empties it.
    this.bucket = new s3.Bucket(
      this,
      'Bucket',
      privateBucketProps([
        {
          id: 'audiences',
          prefix: BROADCAST_PREFIXES.audiences,
          expiration: Duration.days(props.audienceRetentionDays ?? 7),
        },
        { id: 'results', prefix: BROADCAST_PREFIXES.results, expiration: Duration.days(90) },
      ]),
    );
    Validations.of(this.bucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'The stack has no access-log bucket. Only the audience function and the broadcast state machines read and write here, through IAM roles whose calls CloudTrail records.',
    });
    props.audience.addEnvironment('AUDIENCE_BUCKET', this.bucket.bucketName);
    props.audience.addEnvironment('SCAN_SEGMENTS', String(SCAN_SEGMENTS));
    props.audience.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['s3:PutObject'],
        resources: [this.bucket.arnForObjects(`${BROADCAST_PREFIXES.audiences}*`)],
      }),
    );
    // GetAccount takes no resource: its only resource type is the account itself, written "*".
    props.audience.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }),
    );
    const audienceRole = props.audience.role;
    if (audienceRole === undefined) throw new Error('the audience function has no role');
    Validations.of(audienceRole).acknowledge(
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'ses:GetAccount (the send quota that paces a broadcast) has no resource type in the Service Authorization Reference: "*" is the only resource it takes, as for X-Ray.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${bucketLogicalId(this.bucket)}.Arn>/${BROADCAST_PREFIXES.audiences}*]`,
        reason:
          'The audience files of every clock-started scenario, whose keys (scenario, occurrence, wave) the function names at run time; it may only put them, not read or list.',
      },
    );

    const machines = new Map<string, sfn.StateMachine>();
    const schedules = new Map<string, scheduler.CfnSchedule>();
    for (const scenario of props.scenarios) {
      const when = schedulerExpression(scenario.scenario.trigger, props.projectZone);
      if (when === undefined) continue;
      const id = scenario.scenario.id;
      const machine = this.broadcast(id, when, props);
      machines.set(id, machine.stateMachine);
      schedules.set(id, machine.schedule);
    }
    this.stateMachines = machines;
    this.schedules = schedules;
  }

  private broadcast(scenarioId: string, when: SchedulerExpression, props: BroadcastsProps): ScheduledMachine {
    const name = `${props.stackName}-${broadcastName(scenarioId)}`;
    const audience = props.audience.currentVersion;
    const deliver = props.deliver.currentVersion;
    const scheduled = new ScheduledMachine(this, `Broadcast-${scenarioId}`, {
      name,
      definition: compileBroadcast(scenarioId),
      substitutions: {
        [BROADCAST_SUBSTITUTIONS.audience]: audience.functionArn,
        [BROADCAST_SUBSTITUTIONS.deliver]: deliver.functionArn,
        [BROADCAST_SUBSTITUTIONS.bucket]: this.bucket.bucketName,
      },
      when,
      purpose: `each occurrence of ${scenarioId} begins`,
      deadLetters: props.deadLetters,
      logRetention: props.logRetention,
    });
    const machine = scheduled.stateMachine;
    const stack = Stack.of(this);
    const bucketArn = `<${bucketLogicalId(this.bucket)}.Arn>`;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const own = stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const statements = [
      new iam.PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: [audience.functionArn, deliver.functionArn],
      }),
      // The Distributed Map reads a wave's file and writes its children's results.
      new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [this.bucket.arnForObjects(`${BROADCAST_PREFIXES.audiences}${scenarioId}/*`)],
      }),
      new iam.PolicyStatement({
        actions: ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload'],
        resources: [this.bucket.arnForObjects(`${BROADCAST_PREFIXES.results}${scenarioId}/*`)],
      }),
      // A Distributed Map runs its children as executions of this very state machine.
      new iam.PolicyStatement({ actions: ['states:StartExecution'], resources: [own] }),
      new iam.PolicyStatement({
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: [
          stack.formatArn({
            service: 'states',
            resource: 'execution',
            resourceName: `${name}/*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    ];
    for (const statement of statements) machine.addToRolePolicy(statement);
    Validations.of(machine).acknowledge(
      {
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:${account}:execution:${name}/*]`,
        reason:
          'A Distributed Map describes and stops its own child executions, whose names Step Functions chooses: every execution of this one state machine.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${BROADCAST_PREFIXES.audiences}${scenarioId}/*]`,
        reason:
          "The audience files of this scenario's occurrences, whose keys the audience function names at run time.",
      },
      {
        id: `AwsSolutions-IAM5[Resource::${bucketArn}/${BROADCAST_PREFIXES.results}${scenarioId}/*]`,
        reason: "The Distributed Map's results of this scenario, written under keys Step Functions chooses.",
      },
    );
    return scheduled;
  }
}

/** The bucket's logical id, as cdk-nag names its ARN in a finding. */
function bucketLogicalId(bucket: s3.Bucket): string {
  const resource = bucket.node.defaultChild;
  if (!(resource instanceof s3.CfnBucket)) throw new Error('the audience bucket has no CfnBucket');
  return Stack.of(bucket).getLogicalId(resource);
}
