import { maskPersonalData } from '../../../shared/observability/logger.ts';
import type { TrendRow } from '../../../shared/outcomes/report-queries.ts';
import type { ProjectScenario } from '../../../state-machines/compile-project.ts';
import { endText } from '../../dev/reasons.ts';
import { maskRecipient } from '../../dev/trace-mask.ts';
import {
  type JourneyRow,
  type JourneyView,
  runningText,
  sentText,
  skippedText,
  stepLabel,
} from '../../dev/trace-rows.ts';
import type { OutboxEntry } from '../../outbox/outbox.ts';
import { ExecutionStatus } from '../../runtime/execution-record.ts';
import type { ScenarioActivity } from '../../runtime/scenario-activity.ts';
import type { SimulatedMessage, SimulationReport } from '../../simulate/simulation-report.ts';
import { type ConsoleSource, type CustomerView, latest, matchesMessage } from '../console-source.ts';

export type ReportSourceOptions = {
  /** What the pages call it: the report's file name. */
  readonly title: string;
  /** The project's compiled scenarios, for their graphs: a backtest runs the project as it is. */
  readonly scenarios: readonly ProjectScenario[];
};

/** A message of the report as the console lists it: its place in the report is its id. */
const messageId = (index: number): string => `m${index}`;

/**
 * The console over a `parcours simulate --json` report: the same pages as the live platform, from
 * what the report keeps. It keeps no profiles, events or rejected events, and each email's text
 * rather than its HTML, so those parts say so. Indexes by customer are built on first use, so a
 * customer's page over a report of 100,000 journeys reads only that customer's rows.
 */
export function reportConsoleSource(report: SimulationReport, options: ReportSourceOptions): ConsoleSource {
  const programOf = new Map(options.scenarios.map(({ scenario }) => [scenario.id, scenario.program]));
  const entries: OutboxEntry[] = report.messages.map((message, index) => outboxEntry(message, index));
  let byProfile: Map<string, CustomerRows> | undefined;
  const rowsOf = (profileId: string): CustomerRows => {
    byProfile ??= indexByProfile(report, entries);
    return (
      byProfile.get(profileId) ?? {
        executions: [],
        conversions: new Map(),
        messages: [],
        skips: [],
        refusals: [],
      }
    );
  };
  return {
    title: options.title,
    now: () => new Date(report.until),
    scenarios: () => options.scenarios,
    segments: () => [],
    outcomes: async () => report.outcomes,
    trend: async () => trendOf(report, programOf),
    activity: async (scenario) => activityOf(report, scenario, options.scenarios),
    journeys: async (scenario, filter) => {
      const version = versionOf(options.scenarios, scenario);
      if (filter.version !== undefined && filter.version !== version) return [];
      const own = report.executions.filter(
        (execution) =>
          execution.scenario === scenario &&
          (filter.state === undefined || execution.current === filter.state),
      );
      return latest(own, filter.limit).map((execution) => ({
        profileId: execution.profileId,
        execution: execution.name,
        ...(version === undefined ? {} : { version }),
        status: execution.status,
        ...(execution.current === undefined ? {} : { current: execution.current }),
        startedAt: execution.startedAt,
      }));
    },
    customer: async (profileId, { reveal }) => customerOf(profileId, rowsOf(profileId), reveal),
    outbox: {
      list: async (filter) => latest(entries.filter(matchesMessage(filter)), filter.limit),
      message: async (id) => {
        const index = /^m(\d+)$/.exec(id)?.[1];
        const entry = index === undefined ? undefined : entries[Number(index)];
        return entry === undefined ? undefined : { entry };
      },
    },
  };
}

function outboxEntry(message: SimulatedMessage, index: number): OutboxEntry {
  return {
    at: message.time,
    channel: message.channel,
    to: message.to,
    ...(message.subject === undefined ? {} : { subject: message.subject }),
    body: message.body,
    profileId: message.profileId,
    scenario: message.scenario,
    step: message.step,
    ...(message.variant === undefined ? {} : { variant: message.variant }),
    messageId: messageId(index),
  };
}

type CustomerRows = {
  executions: SimulationReport['executions'][number][];
  /** When each of the customer's journeys converted, by execution. */
  conversions: Map<string, string>;
  messages: OutboxEntry[];
  skips: SimulationReport['skips'][number][];
  refusals: NonNullable<SimulationReport['refusals']>[number][];
};

function indexByProfile(
  report: SimulationReport,
  entries: readonly OutboxEntry[],
): Map<string, CustomerRows> {
  const index = new Map<string, CustomerRows>();
  const of = (profileId: string): CustomerRows => {
    const found = index.get(profileId);
    if (found !== undefined) return found;
    const created: CustomerRows = {
      executions: [],
      conversions: new Map(),
      messages: [],
      skips: [],
      refusals: [],
    };
    index.set(profileId, created);
    return created;
  };
  for (const execution of report.executions) of(execution.profileId).executions.push(execution);
  for (const entry of entries) of(entry.profileId ?? '').messages.push(entry);
  for (const skip of report.skips) of(skip.profileId).skips.push(skip);
  for (const journey of report.journeys)
    if (journey.convertedAt !== undefined)
      of(journey.profileId).conversions.set(journey.execution, journey.convertedAt);
  for (const refusal of report.refusals ?? []) of(refusal.profileId).refusals.push(refusal);
  return index;
}

/**
 * A customer from the report's rows: each journey with the messages and skips of its scenario
 * while it ran (the report does not name the execution of a message), and each entry refused.
 */
function customerOf(profileId: string, rows: CustomerRows, reveal: boolean): CustomerView {
  // What customers and apps wrote (subjects, addresses, refusal details) is masked unless revealed.
  const shown = (text: string): string => (reveal ? text : maskPersonalData(text));
  const journeys = rows.executions.map((execution): JourneyView => {
    const during = (time: string) =>
      time >= execution.startedAt && (execution.endedAt === undefined || time <= execution.endedAt);
    const sent = rows.messages
      .filter((entry) => entry.scenario === execution.scenario && during(entry.at))
      .map(
        (entry): JourneyRow => ({
          at: entry.at,
          kind: 'sent',
          text: shown(
            sentText(stepLabel(entry.channel, entry.step ?? '', entry.variant), {
              ...entry,
              to: reveal ? entry.to : maskRecipient(entry),
            }),
          ),
          messageId: entry.messageId,
        }),
      );
    const skipped = rows.skips
      .filter((skip) => skip.scenario === execution.scenario && during(skip.time))
      .map(
        (skip): JourneyRow => ({
          at: skip.time,
          kind: 'skipped',
          text: shown(skippedText(stepLabel(skip.channel, skip.step, undefined), skip.reason, skip.channel)),
        }),
      );
    const status = ExecutionStatus.safeParse(execution.status);
    const ended: JourneyRow[] =
      execution.endedAt === undefined
        ? []
        : [
            {
              at: execution.endedAt,
              kind: 'end',
              text: status.success ? endText(status.data, undefined) : execution.status,
            },
          ];
    const convertedAt = rows.conversions.get(execution.name);
    return {
      scenario: execution.scenario,
      execution: execution.name,
      startedAt: execution.startedAt,
      status: runningText(execution.status, execution.current),
      running: execution.status === 'running',
      ...(convertedAt === undefined ? {} : { convertedAt }),
      rows: [...sent, ...skipped, ...ended].sort((a, b) => a.at.localeCompare(b.at)),
    };
  });
  return {
    profileId,
    profile: null,
    notKept:
      "A backtest's report keeps no profiles, events or states entered: each journey lists the messages its scenario sent or skipped while it ran.",
    journeys,
    entries: rows.refusals.map((refusal) => ({
      at: refusal.time,
      scenario: refusal.scenario,
      text: shown(`${refusal.eventType}: not started: ${refusal.detail}`),
      started: false,
    })),
    events: [],
  };
}

/** Each program's entrants and conversions per day of entry and group, from the report's journeys. */
function trendOf(report: SimulationReport, programOf: ReadonlyMap<string, string>): TrendRow[] {
  const rows = new Map<string, TrendRow>();
  for (const journey of report.journeys) {
    const program = programOf.get(journey.scenario) ?? '';
    const day = journey.enteredAt.slice(0, 10);
    const key = `${program}\n${day}\n${journey.group}`;
    const row = rows.get(key) ?? { program, day, grp: journey.group, entered: 0, converted: 0 };
    rows.set(key, {
      ...row,
      entered: row.entered + 1,
      converted: row.converted + (journey.convertedAt === undefined ? 0 : 1),
    });
  }
  return [...rows.values()];
}

/** A backtest runs every journey on the project's current version of each scenario. */
function versionOf(scenarios: readonly ProjectScenario[], scenario: string): string | undefined {
  return scenarios.find((candidate) => candidate.scenario.id === scenario)?.compiled.manifest.version;
}

/** How the report's journeys stood on each state, and the one version they ran on. */
function activityOf(
  report: SimulationReport,
  scenario: string,
  scenarios: readonly ProjectScenario[],
): ScenarioActivity {
  const own = report.executions.filter((execution) => execution.scenario === scenario);
  const version = scenarios.find((candidate) => candidate.scenario.id === scenario)?.compiled.manifest
    .version;
  const running = own.filter((execution) => execution.status === 'running').length;
  const started = own.map((execution) => execution.startedAt).sort();
  const first = started[0];
  const last = started.at(-1);
  return {
    journeys: own.length,
    states: report.totals.find((total) => total.scenario === scenario)?.states ?? {},
    versions:
      version === undefined || first === undefined || last === undefined
        ? []
        : [{ version, running, ended: own.length - running, firstEntered: first, lastEntered: last }],
  };
}
