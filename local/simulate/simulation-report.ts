import * as z from 'zod';
import { daysBetween, rejectedOn } from '../../shared/ingest/rejected-store.ts';
import { EntryOutcomeRecord } from '../../shared/journeys/entry-outcomes.ts';
import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { FactGroup } from '../../shared/outcomes/outcome-fact.ts';
import { OutcomeReport } from '../../shared/outcomes/report/outcome-report.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { SORT_PREFIX } from '../../shared/store/keys.ts';
import { PRICES } from '../../state-machines/compiler/path-stats.ts';
import { entrySkipText } from '../dev/entry-outcome-text.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import { StateActivity, scenarioActivity } from '../runtime/scenario-activity.ts';
import type { ExecutionSummary } from './execution-summary.ts';

export const SimulatedJourney = z.object({
  profileId: z.string(),
  scenario: z.string(),
  execution: z.string(),
  enteredAt: z.string(),
  group: FactGroup,
  /** Each split's variant, by split step id. */
  variants: z.record(z.string(), z.string()),
  convertedAt: z.string().optional(),
  value: z.number().optional(),
  currency: z.string().optional(),
});
export type SimulatedJourney = z.infer<typeof SimulatedJourney>;

/** A trigger event that did not start a journey of a scenario it triggered, and why. */
export const EntryRefusal = z.object({
  /** The trigger event's time. */
  time: z.string(),
  profileId: z.string(),
  scenario: z.string(),
  eventType: z.string(),
  eventId: z.string(),
  /** `not-eligible`, `already-entered`, … or `failed` when starting failed. */
  reason: z.string(),
  /** The reason in words, with the condition, key or window in question. */
  detail: z.string(),
});
export type EntryRefusal = z.infer<typeof EntryRefusal>;

/** An event ingest kept as rejected, and why: what `parcours rejected` lists on a running platform. */
export const SimulatedRejection = z.object({
  /** When the event was replayed (its own time may be the field at fault). */
  time: z.string(),
  eventId: z.string(),
  profileId: z.string().optional(),
  source: z.string().optional(),
  detailType: z.string().optional(),
  /** Names the field at fault, as ingest gave it. */
  reason: z.string(),
});
export type SimulatedRejection = z.infer<typeof SimulatedRejection>;

/** A customer of the audience of a broadcast's wave still to come at the simulation's end. */
export const PendingDelivery = z.object({ at: z.string(), scenario: z.string(), profileId: z.string() });
export type PendingDelivery = z.infer<typeof PendingDelivery>;

export const SimulationReport = z.object({
  from: z.string(),
  until: z.string(),
  messages: z.array(
    z.object({
      time: z.string(),
      profileId: z.string(),
      scenario: z.string(),
      step: z.string(),
      variant: z.string().optional(),
      channel: z.enum(['email', 'sms', 'push', 'webhook']),
      to: z.string(),
      subject: z.string().optional(),
      body: z.string(),
    }),
  ),
  skips: z.array(
    z.object({
      time: z.string(),
      profileId: z.string(),
      scenario: z.string(),
      step: z.string(),
      channel: z.string(),
      reason: z.string(),
    }),
  ),
  /**
   * Who was refused at entry and why; the triggers of scenarios `--scenario` left out are only
   * counted. Absent when the run did not hand its entry outcomes over.
   */
  refusals: z.array(EntryRefusal).optional(),
  leftOut: z.number().optional(),
  /** The events ingest kept as rejected. Absent from reports saved before they were listed. */
  rejected: z.array(SimulatedRejection).optional(),
  /**
   * The audience of broadcast waves still to come at the end (an occurrence begun before the end
   * reaches its later zones after it): entry decides at each wave who of it is sent to. Absent
   * from reports saved before they were listed.
   */
  pending: z.array(PendingDelivery).optional(),
  executions: z.array(
    z.object({
      name: z.string(),
      scenario: z.string(),
      profileId: z.string(),
      status: z.string(),
      transitions: z.number(),
      startedAt: z.string(),
      endedAt: z.string().optional(),
      /** The state a journey still running at the end was in. */
      current: z.string().optional(),
    }),
  ),
  totals: z.array(
    z.object({
      scenario: z.string(),
      journeys: z.number(),
      converted: z.number(),
      sent: z.record(z.string(), z.number()),
      skipped: z.number(),
      transitions: z.number(),
      /** Per state: journeys that entered it, those still in it at the end, and those that converted. */
      // Reports saved before the console counted states still open, without those counts.
      states: z.record(z.string(), StateActivity).default({}),
    }),
  ),
  cost: z.object({ transitions: z.number(), lambdaRequests: z.number(), dollars: z.number() }),
  /** Every journey, with where it stood for measurement and its conversion. */
  journeys: z.array(SimulatedJourney),
  /** The outcome report, from the simulation's facts through the same SQL as a deployment's. */
  outcomes: OutcomeReport,
});
export type SimulationReport = z.infer<typeof SimulationReport>;

export type SimulatedMessage = SimulationReport['messages'][number];
export type SimulatedSkip = SimulationReport['skips'][number];

export type SimulationInput = {
  from: Date;
  until: Date;
  /** What was sent (see messageOf), in any order. */
  messages: readonly SimulatedMessage[];
  /** What was not (see skipOf), in any order. */
  skips: readonly SimulatedSkip[];
  executions: readonly ExecutionSummary[];
  /** Each journey from its facts (see JourneyFold), in any order. */
  journeys: readonly SimulatedJourney[];
  ingested: number;
  /** What each trigger event did for each scenario it triggered (see `entryOutcomeRecords`). */
  entryOutcomes?: readonly EntryOutcomeRecord[];
  /** The events ingest kept as rejected (see `rejectedRecords`), in any order. */
  rejected?: readonly SimulatedRejection[];
  /** The recipients of waves not delivered by the end, in any order. */
  pending?: readonly PendingDelivery[];
};

/** A message of the outbox as the report lists it. */
export function messageOf(entry: OutboxEntry): SimulatedMessage {
  return {
    time: entry.at,
    profileId: entry.profileId ?? '',
    scenario: entry.scenario ?? '',
    step: entry.step ?? '',
    ...(entry.variant === undefined ? {} : { variant: entry.variant }),
    channel: entry.channel,
    to: entry.to,
    ...(entry.subject === undefined ? {} : { subject: entry.subject }),
    body: entry.body,
  };
}

/** A ledger record the report lists as a skip (see isReportedSkip), as it lists it. */
export function skipOf(entry: LedgerRecord): SimulatedSkip {
  return {
    time: entry.at,
    profileId: entry.profileId,
    scenario: entry.scenario,
    step: entry.step,
    channel: entry.channel,
    reason:
      entry.outcome === 'uncertain'
        ? `uncertain (${entry.reason ?? 'no reason'})`
        : (entry.reason ?? entry.outcome),
  };
}

/**
 * The entry outcomes the report shows (refusals, and entries left out by the scenario filter):
 * not the journeys that started, which are most of them and are reported from their executions.
 */
export async function entryOutcomeRecords(store: ItemStore): Promise<EntryOutcomeRecord[]> {
  return (await store.scan({ sortKeyPrefix: SORT_PREFIX.entryOutcome }))
    .map((item) => EntryOutcomeRecord.parse(item))
    .filter((record) => record.outcome !== 'started');
}

/**
 * The events ingest kept as rejected from `from` to `until`, by the day they were received: the
 * replay's days, each listed as `parcours rejected` lists a day on a running platform.
 */
export async function rejectedRecords(
  store: ItemStore,
  from: Date,
  until: Date,
): Promise<SimulatedRejection[]> {
  const days = await Promise.all(daysBetween(from, until).map((day) => rejectedOn(store, day)));
  return days.flat().map((event) => ({
    time: event.receivedAt,
    eventId: event.eventId,
    ...(event.profileId === undefined ? {} : { profileId: event.profileId }),
    ...(event.source === undefined ? {} : { source: event.source }),
    ...(event.detailType === undefined ? {} : { detailType: event.detailType }),
    reason: event.reason,
  }));
}

/** The ledger records the report lists as skips: every outcome but a send. */
export function isReportedSkip(record: LedgerRecord): boolean {
  return (
    record.outcome === 'skipped' ||
    record.outcome === 'deferred' ||
    record.outcome === 'failed' ||
    record.outcome === 'uncertain'
  );
}

/** What was sent, skipped and run, in a stable order: the same input gives the same report. */
export function buildReport(input: SimulationInput, outcomes: OutcomeReport): SimulationReport {
  const messages = [...input.messages].sort(byFields('time', 'profileId', 'scenario', 'step', 'channel'));
  const skips = [...input.skips].sort(byFields('time', 'profileId', 'scenario', 'step', 'reason'));
  const executions = input.executions
    .map(({ taskTransitions: _, entered: __, ...execution }) => execution)
    .sort(byFields('startedAt', 'name'));
  const converted = new Set(
    input.journeys.filter((journey) => journey.convertedAt !== undefined).map((journey) => journey.execution),
  );
  const entries =
    input.entryOutcomes === undefined
      ? {}
      : {
          refusals: refusalsOf(input.entryOutcomes),
          leftOut: input.entryOutcomes.filter(
            (record) => record.outcome === 'skipped' && record.reason === 'scenario-filtered',
          ).length,
        };
  const rejected =
    input.rejected === undefined ? {} : { rejected: [...input.rejected].sort(byFields('time', 'eventId')) };
  const pending =
    input.pending === undefined
      ? {}
      : { pending: [...input.pending].sort(byFields('at', 'scenario', 'profileId')) };
  const journeys = [...input.journeys].sort(byFields('enteredAt', 'execution'));
  const scenarios = [...new Set(executions.map((execution) => execution.scenario))].sort();
  const totals = scenarios.map((scenario) => {
    const own = executions.filter((execution) => execution.scenario === scenario);
    const sent: Record<string, number> = {};
    for (const message of messages)
      if (message.scenario === scenario) sent[message.channel] = (sent[message.channel] ?? 0) + 1;
    return {
      scenario,
      journeys: own.length,
      converted: journeys.filter(
        (journey) => journey.scenario === scenario && journey.convertedAt !== undefined,
      ).length,
      sent,
      skipped: skips.filter((skip) => skip.scenario === scenario).length,
      transitions: own.reduce((sum, execution) => sum + execution.transitions, 0),
      states: statesOf(input.executions, scenario, converted),
    };
  });
  const transitions = totals.reduce((sum, total) => sum + total.transitions, 0);
  // Lambda requests: every Task state entered and one ingest per event (which also starts journeys).
  const lambdaRequests = taskInvocations(input.executions) + input.ingested;
  const dollars = transitions * PRICES.perStateTransition + lambdaRequests * PRICES.perLambdaRequest;
  return {
    from: input.from.toISOString(),
    until: input.until.toISOString(),
    messages,
    skips,
    ...entries,
    ...rejected,
    ...pending,
    executions,
    totals,
    cost: { transitions, lambdaRequests, dollars: Math.round(dollars * 1e6) / 1e6 },
    journeys,
    outcomes,
  };
}

/** Entries refused or failed, in trigger order; those `--scenario` left out are not refusals. */
function refusalsOf(records: readonly EntryOutcomeRecord[]): EntryRefusal[] {
  return records
    .flatMap((record): EntryRefusal[] => {
      const refusal = {
        time: record.eventTime,
        profileId: record.profileId,
        scenario: record.scenario,
        eventType: record.eventType,
        eventId: record.eventId,
      };
      if (record.outcome === 'failed')
        return [{ ...refusal, reason: 'failed', detail: `failed to start: ${record.error}` }];
      if (record.outcome === 'skipped' && record.reason !== 'scenario-filtered')
        return [{ ...refusal, reason: record.reason, detail: entrySkipText(record) }];
      return [];
    })
    .sort(byFields('time', 'profileId', 'scenario', 'eventId'));
}

/** How the scenario's journeys stood on each state, in the console's terms (scenarioActivity). */
function statesOf(
  executions: readonly ExecutionSummary[],
  scenario: string,
  converted: ReadonlySet<string>,
): Record<string, StateActivity> {
  const own = executions.filter((execution) => execution.scenario === scenario);
  const { states } = scenarioActivity(
    own.map((execution) => ({
      startedAt: execution.startedAt,
      states: execution.entered,
      ...(execution.current === undefined ? {} : { current: execution.current }),
      converted: converted.has(execution.name),
    })),
  );
  // Sorted, so the report is the same whatever order the shards finished in.
  return Object.fromEntries(Object.entries(states).sort(([a], [b]) => a.localeCompare(b)));
}

function taskInvocations(executions: readonly ExecutionSummary[]): number {
  return executions.reduce((sum, execution) => sum + execution.taskTransitions, 0);
}

/**
 * What each scenario's journeys cost in Step Functions and Lambda: its transitions and Task
 * invocations (ingest runs for every event whatever the scenarios, so it is left out).
 */
export function scenarioCosts(executions: readonly ExecutionSummary[]): Record<string, number> {
  const costs: Record<string, number> = {};
  for (const scenario of new Set(executions.map((execution) => execution.scenario))) {
    const own = executions.filter((execution) => execution.scenario === scenario);
    const transitions = own.reduce((sum, execution) => sum + execution.transitions, 0);
    costs[scenario] =
      transitions * PRICES.perStateTransition + taskInvocations(own) * PRICES.perLambdaRequest;
  }
  return costs;
}

/** Orders by each text field in turn, the next deciding only ties of the one before. */
function byFields<T extends Record<Field, string>, Field extends string>(
  ...fields: readonly Field[]
): (a: T, b: T) => number {
  return (a, b) => {
    for (const field of fields) {
      const order = a[field].localeCompare(b[field]);
      if (order !== 0) return order;
    }
    return 0;
  };
}
