import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { Channel } from '../../language/channel.ts';
import type { Program } from '../../language/programs.ts';
import type { JourneyStateMachine } from './journey-state-machine.ts';
import { DASHBOARD_PERIOD, DIMENSIONS, scenarioFilter, searchSeries, searchTotal } from './metrics.ts';

const WIDTH = 8;
const HEIGHT = 6;
const BY_STEP = ['scenario', 'step', 'channel'] as const;

export interface ProgramDashboardProps {
  readonly dashboardName: string;
  readonly programId: string;
  readonly program: Program;
  /** The scenarios of this program, with their names for the header. */
  readonly scenarios: readonly { readonly id: string; readonly name: string }[];
  /** The channels this program's scenarios send on. */
  readonly channels: ReadonlySet<Channel>;
  readonly journeys: readonly JourneyStateMachine[];
  /** The alarms to show at the top: this program's and the platform's. */
  readonly alarms: readonly cloudwatch.IAlarm[];
  /** The currency conversion revenue is counted in (parcours.config.yaml). */
  readonly currency: string;
  /** @default Duration.days(7) */
  readonly defaultInterval?: Duration;
}

/**
 * A relationship program at a glance, from the metrics the functions publish: journeys started
 * and why entries were skipped, conversions, messages per channel, skips, deferrals and failures,
 * failed executions, and the alarms. Searches (rather than fixed metrics) pick up a new step's
 * series the moment it sends.
 */
export class ProgramDashboard extends Construct {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: ProgramDashboardProps) {
    super(scope, id);
    const ids = props.scenarios.map((scenario) => scenario.id);
    const inProgram = ids.length === 0 ? 'scenario="none"' : scenarioFilter(ids);
    const graph = (title: string, left: cloudwatch.IMetric[]): cloudwatch.GraphWidget =>
      new cloudwatch.GraphWidget({ title, left, width: WIDTH, height: HEIGHT, period: DASHBOARD_PERIOD });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: props.defaultInterval ?? Duration.days(7),
    });
    this.dashboard.addWidgets(
      new cloudwatch.TextWidget({ markdown: header(props), width: 16, height: HEIGHT }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...props.alarms],
        width: WIDTH,
        height: HEIGHT,
      }),
    );
    this.dashboard.addWidgets(
      graph('Journeys started', [searchSeries('JourneysStarted', DIMENSIONS.entry, inProgram, ['scenario'])]),
      graph('Entries skipped, by scenario and reason', [
        searchSeries('EntriesSkipped', DIMENSIONS.entrySkip, inProgram, ['scenario', 'reason']),
      ]),
      graph('Conversions, by scenario (holdouts included: see parcours report for uplift)', [
        searchSeries('Conversions', DIMENSIONS.conversion, inProgram, ['scenario']),
      ]),
    );
    this.dashboard.addWidgets(
      graph(`Revenue of conversions, by scenario (${props.currency})`, [
        searchSeries('ConversionRevenue', DIMENSIONS.conversion, inProgram, ['scenario']),
      ]),
    );
    this.dashboard.addWidgets(
      graph(
        'Messages sent, by channel',
        [...props.channels].map((channel) =>
          searchTotal('MessagesSent', DIMENSIONS.sendStep, `channel="${channel}" ${inProgram}`, channel),
        ),
      ),
      graph('Messages skipped, by step', [
        searchSeries('MessagesSkipped', DIMENSIONS.sendStep, inProgram, BY_STEP),
      ]),
      graph('Messages skipped, by scenario and reason', [
        searchSeries('MessagesSkipped', DIMENSIONS.sendReason, inProgram, ['scenario', 'reason']),
      ]),
    );
    this.dashboard.addWidgets(
      graph('Send failures and uncertain sends (never retried), by step', [
        searchSeries('SendFailures', DIMENSIONS.sendStep, inProgram, BY_STEP),
        searchSeries('SendsUncertain', DIMENSIONS.sendStep, inProgram, BY_STEP),
      ]),
      graph('Sends deferred by quiet hours, by step', [
        searchSeries('SendsDeferred', DIMENSIONS.sendStep, inProgram, BY_STEP),
      ]),
      graph(
        'Failed journey executions',
        props.journeys.map((journey) =>
          journey.stateMachine.metricFailed({
            period: DASHBOARD_PERIOD,
            statistic: 'Sum',
            label: journey.scenarioId,
          }),
        ),
      ),
    );
  }
}

function header(props: ProgramDashboardProps): string {
  const { program } = props;
  const scenarios =
    props.scenarios.length === 0
      ? '_No scenario belongs to this program yet._'
      : props.scenarios.map((scenario) => `- ${scenario.name} (\`${scenario.id}\`)`).join('\n');
  return [
    `# ${program.name}`,
    `**Objective:** ${program.objective}`,
    `**Target:** ${program.target}% convert within ${program.goal.within}`,
    '',
    scenarios,
    '',
    "Find a customer's journey in the Step Functions console: execution names start with the profile id.",
  ].join('\n');
}
