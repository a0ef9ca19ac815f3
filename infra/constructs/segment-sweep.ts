import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dailyCron } from '../../language/clock-schedule.ts';
import { SWEEP_AT } from '../../shared/segments/sweep-segment.ts';
import { compileSweep, SWEEP_SUBSTITUTION } from '../../state-machines/compiler/sweep-definition.ts';
import type { DeadLetterQueue } from './dead-letter-queue.ts';
import { ScheduledMachine } from './scheduled-machine.ts';

export interface SegmentSweepProps {
  readonly sweep: lambda.Function;
  /** The project's time zone: the sweep runs at SWEEP_AT there. */
  readonly projectZone: string;
  readonly stackName: string;
  readonly deadLetters: DeadLetterQueue;
  readonly logRetention?: logs.RetentionDays | undefined;
}

/**
 * The daily segment sweep on AWS (state-machines/compiler/sweep-definition.ts): at SWEEP_AT in the
 * project's zone, Scheduler starts a state machine that sweeps the customers segment by segment of
 * a parallel scan, so a segment that time alone moves ("no order for 60 days") starts its journeys
 * as ingest would.
 */
export class SegmentSweep extends Construct {
  readonly scheduled: ScheduledMachine;

  constructor(scope: Construct, id: string, props: SegmentSweepProps) {
    super(scope, id);
    const version = props.sweep.currentVersion;
    this.scheduled = new ScheduledMachine(this, 'Sweep', {
      name: `${props.stackName}-segment-sweep`,
      definition: compileSweep(),
      substitutions: { [SWEEP_SUBSTITUTION]: version.functionArn },
      when: { expression: `cron(${dailyCron(SWEEP_AT)})`, timeZone: props.projectZone },
      purpose: 'the daily segment sweep',
      deadLetters: props.deadLetters,
      logRetention: props.logRetention,
    });
    this.scheduled.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [version.functionArn] }),
    );
  }
}
