import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeExecutionCommand, type ExecutionListItem, type SFNClient } from '@aws-sdk/client-sfn';
import type { RuntimeBundle } from '../../../../language/runtime-bundle.ts';
import { audienceTarget, previewAudience } from '../../../../shared/broadcasts/audience-preview.ts';
import { JourneyInput } from '../../../../shared/journeys/journey-input.ts';
import { journeyLogGroupName } from '../../../../shared/journeys/state-machine-names.ts';
import { buildOutcomeReport } from '../../../../shared/outcomes/report/build-outcome-report.ts';
import type { OutcomeReport } from '../../../../shared/outcomes/report/outcome-report.ts';
import {
  type RunQuery,
  readConvertedExecutions,
  readOutcomeFigures,
  readTrend,
  SINCE_THE_START,
  type TrendRow,
} from '../../../../shared/outcomes/report-queries.ts';
import type { ItemStore } from '../../../../shared/store/item-store.ts';
import type { ProjectScenario } from '../../../../state-machines/compile-project.ts';
import { listRejected } from '../../../dev/rejected-listing.ts';
import { buildTrace } from '../../../dev/trace.ts';
import { maskTrace } from '../../../dev/trace-mask.ts';
import {
  type ScenarioActivity,
  type StateActivity,
  UNRECORDED_VERSION,
  VersionTally,
} from '../../../runtime/scenario-activity.ts';
import type { ConsoleSource } from '../../console-source.ts';
import { customerOfTrace } from '../../views/customer-of-trace.ts';
import { reportContext } from '../report-context.ts';
import { type DeployedStack, executionArn, stateMachineArn } from './deployed-stack.ts';
import { freshFor, inBatches } from './fresh-answers.ts';
import {
  enteredByState,
  enteredByStateAmong,
  type JourneyLog,
  waitingByState,
  waitingIn,
} from './journey-logs.ts';
import { executionRecordOf, listExecutions, listedStatus, versionNames } from './state-machine-executions.ts';

export type AwsConsoleDeps = {
  readonly stack: DeployedStack;
  readonly scenarios: readonly ProjectScenario[];
  readonly bundle: RuntimeBundle;
  /** The stack's table, read with the marketer's credentials. */
  readonly store: ItemStore;
  /** The outcome SQL, run by Athena in the stack's workgroup. */
  readonly facts: RunQuery;
  readonly sfn: SFNClient;
  readonly logs: CloudWatchLogsClient;
  readonly now: () => Date;
  readonly sleep: (ms: number) => Promise<void>;
};

/** A customer's journeys shown with their states: the latest, each one a history read. */
const JOURNEYS_READ = 20;
/** How long a scenario's listing and log counts serve again before they are asked anew. */
const FRESH_MS = 60_000;
/** Logs are searched over the longest a journey lasts (a Standard execution: a year). */
const LOG_WINDOW_MS = 366 * 24 * 60 * 60 * 1000;
const DESCRIBES_AT_ONCE = 8;
/** At most this many converted journeys are placed on their states: about 20 Logs Insights queries. */
const CONVERSIONS_PLACED = 4_000;

/**
 * The console over a deployed stack, read-only with the marketer's own credentials: outcomes
 * through Athena (the same SQL as the local platform), states and versions from Step Functions
 * and the state machines' logs, customers from the table with their executions' histories.
 */
export function awsConsoleSource(deps: AwsConsoleDeps): ConsoleSource {
  const { stack, sfn } = deps;
  const fresh = {
    executions: freshFor<{ items: Listed[] }>(FRESH_MS, deps.now),
    outcomes: freshFor<OutcomeReport>(FRESH_MS, deps.now),
    trend: freshFor<TrendRow[]>(FRESH_MS, deps.now),
    activity: freshFor<ScenarioActivity>(FRESH_MS, deps.now),
  };
  const log = (scenario: string): JourneyLog => {
    const to = deps.now();
    return {
      client: deps.logs,
      logGroup: journeyLogGroupName(stack.name, scenario),
      from: new Date(to.getTime() - LOG_WINDOW_MS),
      to,
      sleep: deps.sleep,
    };
  };
  const executions = (scenario: string) =>
    fresh.executions(scenario, () => listedExecutions(sfn, stateMachineArn(stack, scenario)));

  return {
    title: `AWS stack ${stack.name} (${stack.region})`,
    explain: explainAwsFailure,
    now: deps.now,
    scenarios: () => deps.scenarios,
    segments: () => Object.keys(deps.bundle.config.segments),
    outcomes: () =>
      fresh.outcomes('', async () => {
        const context = reportContext(deps.bundle, deps.scenarios);
        const figures = await readOutcomeFigures(deps.facts, {
          since: context.since,
          currency: context.currency,
        });
        return buildOutcomeReport(figures, context);
      }),
    trend: () => fresh.trend('', () => readTrend(deps.facts, SINCE_THE_START)),
    activity: (scenario) =>
      fresh.activity(scenario, async () => {
        const [entered, waiting, listed, converted] = await Promise.all([
          enteredByState(log(scenario)),
          waitingByState(log(scenario)),
          executions(scenario),
          readConvertedExecutions(deps.facts, scenario),
        ]);
        // Each 200 or so converted journeys are one query over the whole log: the first the facts
        // name are placed, and the page says how many of all.
        const placedConversions = [...converted].slice(0, CONVERSIONS_PLACED);
        const convertedIn = await enteredByStateAmong(log(scenario), placedConversions);
        const states: Record<string, StateActivity> = {};
        for (const name of new Set([...entered.keys(), ...waiting.keys()]))
          states[name] = {
            entered: entered.get(name) ?? 0,
            waiting: waiting.get(name) ?? 0,
            converted: convertedIn.get(name) ?? 0,
          };
        const tally = new VersionTally();
        for (const execution of listed.items) tally.add(execution);
        const running = listed.items.filter((execution) => execution.running).length;
        const placed = [...waiting.values()].reduce((sum, count) => sum + count, 0);
        const notes = [
          running > placed
            ? `${running - placed} running journeys entered their state before the oldest line the state machine's log keeps (its retention): they count on their version, not on a state.`
            : '',
          converted.size > placedConversions.length
            ? `Converted per state counts ${placedConversions.length} of the ${converted.size} converted journeys: each 200 more would be another query over the whole log.`
            : '',
        ].filter((note) => note !== '');
        return {
          journeys: tally.journeys,
          states,
          versions: tally.list(),
          ...(notes.length === 0 ? {} : { note: notes.join(' ') }),
        };
      }),
    journeys: async (scenario, filter) => {
      const listed = await executions(scenario);
      const inState =
        filter.state === undefined
          ? undefined
          : new Set(await waitingIn(log(scenario), filter.state, filter.limit));
      const chosen = listed.items
        .filter(
          (execution) =>
            (inState === undefined || inState.has(execution.name)) &&
            (filter.version === undefined || execution.version === filter.version),
        )
        .sort((a, b) => b.startedAt.localeCompare(a.startedAt))
        .slice(0, filter.limit);
      return inBatches(chosen, DESCRIBES_AT_ONCE, async (execution) => ({
        profileId: await profileOf(sfn, execution.arn),
        execution: execution.name,
        version: execution.version,
        status: execution.status,
        ...(filter.state === undefined ? {} : { current: filter.state }),
        startedAt: execution.startedAt,
      }));
    },
    customer: async (profileId, { reveal }) => {
      let notShown = 0;
      const trace = await buildTrace(
        deps.store,
        { list: async () => [] },
        deps.scenarios,
        profileId,
        deps.now(),
        async (journeys) => {
          const latest = [...journeys].sort((a, b) => b.enteredAt.localeCompare(a.enteredAt));
          notShown = Math.max(0, latest.length - JOURNEYS_READ);
          const records = await inBatches(latest.slice(0, JOURNEYS_READ), DESCRIBES_AT_ONCE, (journey) =>
            executionRecordOf(sfn, executionArn(stack, journey.scenario, journey.execution), journey),
          );
          const kept = records.flatMap((record) => (record === undefined ? [] : [record]));
          notShown += records.length - kept.length;
          return kept.reverse();
        },
      );
      return {
        ...customerOfTrace(reveal ? trace : maskTrace(trace)),
        notKept: [
          'A deployment keeps no copy of a message it sent: each send shows its step, outcome and reason.',
          notShown === 0
            ? ''
            : `${notShown} older journeys are not shown: the latest ${JOURNEYS_READ} are, and Step Functions keeps an ended execution's history 90 days.`,
        ]
          .filter((line) => line !== '')
          .join(' '),
      };
    },
    rejected: () => listRejected(deps.store, { since: '7d' }, deps.now()),
    audience: async (name, { sample }) => {
      const target = audienceTarget(deps.bundle, name);
      if (typeof target === 'string') return target;
      return previewAudience(deps.store, deps.bundle, target, { now: deps.now(), sample });
    },
  };
}

/** A refusal says which policy to attach: AWS's own message names the action, this where it is granted. */
export function explainAwsFailure(message: string): string {
  return /AccessDenied|not authorized/i.test(message)
    ? `${message} (the stack's ConsoleReader policy, its ConsoleReaderPolicy output, grants what the console reads)`
    : message;
}

type Listed = {
  readonly arn: string;
  readonly name: string;
  readonly version: string;
  readonly status: string;
  readonly running: boolean;
  readonly startedAt: string;
};

/** A state machine's executions, each with the scenario version it runs. */
async function listedExecutions(sfn: SFNClient, arn: string): Promise<{ items: Listed[] }> {
  const executions = await listExecutions(sfn, arn);
  const versions = await versionNames(
    sfn,
    new Set(executions.flatMap((execution) => execution.stateMachineVersionArn ?? [])),
  );
  return {
    items: executions.flatMap((execution: ExecutionListItem) =>
      execution.executionArn === undefined ||
      execution.name === undefined ||
      execution.startDate === undefined
        ? []
        : [
            {
              arn: execution.executionArn,
              name: execution.name,
              version:
                (execution.stateMachineVersionArn === undefined
                  ? undefined
                  : versions.get(execution.stateMachineVersionArn)) ?? UNRECORDED_VERSION,
              status: listedStatus(execution.status),
              running: execution.status === 'RUNNING' || execution.status === 'PENDING_REDRIVE',
              startedAt: execution.startDate.toISOString(),
            },
          ],
    ),
  };
}

/** Whose journey an execution is: its input names the profile (nothing else of it is read). */
async function profileOf(sfn: SFNClient, arn: string): Promise<string> {
  const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
  try {
    const parsed = JourneyInput.safeParse(JSON.parse(described.input ?? 'null'));
    if (parsed.success) return parsed.data.journey.profileId;
  } catch {
    // An input that is not JSON names nobody.
  }
  return '(unknown)';
}
