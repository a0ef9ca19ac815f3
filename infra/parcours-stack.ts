import { join } from 'node:path';
import { App, type AppProps, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';
import type { Channel } from '../language/channel.ts';
import { isClockTrigger } from '../language/trigger-kind.ts';
import { sweepNeeded } from '../shared/segments/sweep-segment.ts';
import { allNodes } from '../state-machines/model/step-tree.ts';
import { type Deployment, prepareDeployment } from './config/deployment.ts';
import { addNagChecks } from './config/nag.ts';
import { ParcoursAlarms } from './constructs/alarms.ts';
import { Broadcasts, broadcastName } from './constructs/broadcasts.ts';
import { ConsoleReader } from './constructs/console-reader.ts';
import { ParcoursData } from './constructs/data.ts';
import { DeadLetterQueue } from './constructs/dead-letter-queue.ts';
import { ParcoursEventBus } from './constructs/event-bus.ts';
import { EventRouting } from './constructs/event-routing.ts';
import { ParcoursFunctions, SENDERS } from './constructs/functions.ts';
import { aliasArnTemplate, JourneyStateMachine } from './constructs/journey-state-machine.ts';
import { ParcoursMessaging } from './constructs/messaging.ts';
import { OutcomeFacts } from './constructs/outcome-facts.ts';
import { ProgramDashboard } from './constructs/program-dashboard.ts';
import { SegmentSweep } from './constructs/segment-sweep.ts';
import { UnsubscribeEndpoint } from './constructs/unsubscribe.ts';

export interface ParcoursStackProps extends StackProps {
  /** The validated settings, project and runtime bundle (infra/config/deployment.ts). */
  readonly deployment: Deployment;
}

/**
 * The whole platform: the table, the bus and its rules, the functions, one state machine per
 * scenario, the messaging resources, the unsubscribe endpoint, the outcome facts (Firehose to S3,
 * Glue and Athena), a dashboard per program and alarms.
 */
export class ParcoursStack extends Stack {
  readonly data: ParcoursData;
  readonly bus: ParcoursEventBus;
  readonly messaging: ParcoursMessaging;
  readonly functions: ParcoursFunctions;
  readonly unsubscribe: UnsubscribeEndpoint;
  readonly journeys: ReadonlyMap<string, JourneyStateMachine>;
  readonly broadcasts: Broadcasts;
  /** The daily segment sweep, when a scenario starts on a segment transition or waits for one. */
  readonly sweep: SegmentSweep | undefined;
  readonly routing: EventRouting;
  readonly outcomes: OutcomeFacts;
  /** The policy a marketer's console (`parcours console --aws`) reads the stack with. */
  readonly consoleReader: ConsoleReader;
  readonly alarms: ParcoursAlarms;
  readonly dashboards: ReadonlyMap<string, ProgramDashboard>;

  constructor(scope: Construct, id: string, props: ParcoursStackProps) {
    super(scope, id, props);
    const { config, scenarios, project, messaging: plan } = props.deployment;

    this.data = new ParcoursData(this, 'Data', { deletionProtection: config.tableDeletionProtection });
    this.bus = new ParcoursEventBus(this, 'Bus', {
      eventBusName: config.eventBusName,
      exists: config.eventBusExists,
    });
    this.messaging = new ParcoursMessaging(this, 'Messaging', {
      plan,
      defaultBus: this.bus.defaultBus,
      namePrefix: config.stackName,
      ...(config.pushApplicationId === undefined ? {} : { pushApplicationId: config.pushApplicationId }),
    });
    this.functions = new ParcoursFunctions(this, 'Functions', {
      projectRoot: props.deployment.projectRoot,
      runtimeBundlePath: props.deployment.runtimeBundlePath,
      table: this.data.table,
      eventBus: this.bus.eventBus,
      messaging: this.messaging,
      logRetention: config.logRetentionDays,
      longestWebhook: Duration.seconds(plan.longestWebhookSeconds),
      // The public endpoint's reservation is also its ceiling, so a flood of it cannot take the
      // executions send and ingest need (see UnsubscribeEndpoint); theirs are optional guarantees
      // against the rest of the account.
      reservedConcurrency: {
        unsubscribe: config.unsubscribeReservedConcurrency,
        ingest: config.ingestReservedConcurrency,
        send: config.sendReservedConcurrency,
      },
    });
    this.unsubscribe = new UnsubscribeEndpoint(this, 'Unsubscribe', {
      endpoint: this.functions.get('unsubscribe').function,
      signers: SENDERS.map((name) => this.functions.get(name).function),
    });

    this.outcomes = new OutcomeFacts(this, 'Outcomes', {
      namePrefix: config.stackName,
      retentionDays: config.outcomeRetentionDays,
      logRetention: config.logRetentionDays,
    });
    this.consoleReader = new ConsoleReader(this, 'ConsoleReader', {
      stackName: config.stackName,
      table: this.data.table,
      outcomes: this.outcomes,
    });
    // The functions that record outcome facts as they happen; no other function may write them.
    for (const writer of ['ingest', 'delivery-events', 'send', 'deliver', 'sweep'] as const) {
      this.outcomes.bindWriter(this.functions.get(writer).function);
    }

    const stepFunctions = this.functions.stepFunctions();
    this.journeys = new Map(
      scenarios.map((scenario) => [
        scenario.scenario.id,
        new JourneyStateMachine(this, `Journey-${scenario.scenario.id}`, {
          scenario,
          functions: stepFunctions,
          stackName: config.stackName,
          logRetention: config.logRetentionDays,
          includeExecutionData: config.logExecutionData,
        }),
      ]),
    );
    this.functions.bindJourneys([...this.journeys.values()], aliasArnTemplate(this, config.stackName));
    const scheduleDeadLetters = new DeadLetterQueue(this, 'ScheduleDeadLetters', {
      purpose: 'Scheduler starts (broadcasts, the segment sweep) that failed for a day',
    });
    this.broadcasts = new Broadcasts(this, 'Broadcasts', {
      scenarios: scenarios.filter(({ scenario }) => isClockTrigger(scenario.trigger)),
      projectZone: project.config['time-zone'],
      audience: this.functions.get('audience').function,
      deliver: this.functions.get('deliver').function,
      stackName: config.stackName,
      deadLetters: scheduleDeadLetters,
      logRetention: config.logRetentionDays,
    });
    this.sweep = sweepNeeded(
      project.config.segments,
      scenarios.map(({ scenario }) => scenario),
    )
      ? new SegmentSweep(this, 'SegmentSweep', {
          sweep: this.functions.get('sweep').function,
          projectZone: project.config['time-zone'],
          stackName: config.stackName,
          deadLetters: scheduleDeadLetters,
          logRetention: config.logRetentionDays,
        })
      : undefined;
    const scheduledMachines = new Map([
      ...[...this.broadcasts.stateMachines].map(([id, machine]) => [broadcastName(id), machine] as const),
      ...(this.sweep === undefined ? [] : [['segment-sweep', this.sweep.scheduled.stateMachine] as const]),
    ]);

    this.routing = new EventRouting(this, 'Routing', {
      eventBus: this.bus.eventBus,
      defaultBus: this.bus.defaultBus,
      ingest: this.functions.get('ingest').function,
      deliveryEvents: this.functions.get('delivery-events').function,
      emailConfigurationSets: this.messaging.emailConfigurationSetNames,
    });

    const channelsOf = (ids: ReadonlySet<string>): Set<Channel> =>
      new Set(
        scenarios
          .filter(({ scenario }) => ids.has(scenario.id))
          .flatMap(({ tree }) =>
            allNodes(tree).flatMap((node) => (node.kind === 'send' ? [node.step.send] : [])),
          ),
      );
    const sending = new Set(
      scenarios
        .filter(({ scenario }) => channelsOf(new Set([scenario.id])).size > 0)
        .map(({ scenario }) => scenario.id),
    );
    this.alarms = new ParcoursAlarms(this, 'Alarms', {
      namePrefix: config.stackName,
      journeys: [...this.journeys.values()],
      sendingScenarios: sending,
      deadLetterQueues: [...this.routing.deadLetterQueues, scheduleDeadLetters],
      scheduledMachines,
      sendFailureThreshold: config.sendFailureAlarmThreshold,
      ...(config.alarmTopicArn === undefined
        ? {}
        : { alarmTopic: sns.Topic.fromTopicArn(this, 'AlarmTopic', config.alarmTopicArn) }),
    });

    this.dashboards = new Map(
      Object.entries(project.programs.programs).map(([programId, program]) => {
        const members = scenarios.filter(({ scenario }) => scenario.program === programId);
        const ids = new Set(members.map(({ scenario }) => scenario.id));
        return [
          programId,
          new ProgramDashboard(this, `Dashboard-${programId}`, {
            dashboardName: `${config.stackName}-${programId}`,
            programId,
            program,
            currency: project.config.currency,
            scenarios: members.map(({ scenario }) => ({ id: scenario.id, name: scenario.name })),
            channels: channelsOf(ids),
            journeys: [...this.journeys.values()].filter((journey) => ids.has(journey.scenarioId)),
            alarms: [
              ...[...ids].flatMap((scenarioId) => [
                ...optional(this.alarms.failedExecutions.get(scenarioId)),
                ...optional(this.alarms.failedScheduled.get(broadcastName(scenarioId))),
                ...optional(this.alarms.sendFailures.get(scenarioId)),
              ]),
              ...this.alarms.deadLetters,
            ],
          }),
        ];
      }),
    );

    new CfnOutput(this, 'TableName', { value: this.data.table.tableName });
    new CfnOutput(this, 'EventBusName', { value: this.bus.eventBus.eventBusName });
    new CfnOutput(this, 'UnsubscribeUrl', { value: this.unsubscribe.url.url });
    new CfnOutput(this, 'OutcomesWorkGroup', { value: this.outcomes.workGroup.ref });
    new CfnOutput(this, 'OutcomesDatabase', { value: this.outcomes.database.ref });
    new CfnOutput(this, 'OutcomesTable', { value: this.outcomes.table.ref });
    new CfnOutput(this, 'OutcomesBucket', { value: this.outcomes.bucket.bucketName });
    new CfnOutput(this, 'OutcomesReaderPolicy', { value: this.outcomes.readerPolicy.managedPolicyArn });
    new CfnOutput(this, 'ConsoleReaderPolicy', { value: this.consoleReader.policy.managedPolicyArn });
  }
}

function optional<T>(value: T | undefined): T[] {
  return value === undefined ? [] : [value];
}

export type ParcoursApp = {
  readonly app: App;
  readonly stack: ParcoursStack;
  readonly deployment: Deployment;
};

/**
 * The CDK app of infra/bin/app.ts, also used by the tests: validates the `parcours:` context and
 * the project, writes the runtime bundle into the cloud assembly directory, builds the stack in
 * the configured account and region, and adds the cdk-nag checks unless `parcours:nag` is false.
 * CDK's CloudFormation schema validation is off unless `props` turns it on.
 */
export async function createParcoursApp(props: AppProps = {}): Promise<ParcoursApp> {
  // CDK's built-in CloudFormation schema validation takes longer than the rest of synth together.
  // The tests run it on the example project (tests/infra/platform.test.ts) and CloudFormation
  // validates again at deploy, so a synth leaves it out unless asked.
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const deployment = await prepareDeployment({
    context: app.node.getAllContext(),
    bundleDir: join(app.outdir, 'parcours'),
  });
  const { config } = deployment;
  const stack = new ParcoursStack(app, config.stackName, {
    deployment,
    env: { account: config.account, region: config.region },
    description: 'Parcours: customer journeys as code on Step Functions, EventBridge, DynamoDB and SES',
  });
  if (config.nag) addNagChecks(app);
  return { app, stack, deployment };
}
