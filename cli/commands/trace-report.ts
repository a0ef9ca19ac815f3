import { entryOutcomeText } from '../../local/dev/entry-outcome-text.ts';
import { clockLabel, dateLabel, dayLabel, detailSummary, truncate } from '../../local/dev/log-format.ts';
import { endText, skipReasonText, uncertainText } from '../../local/dev/reasons.ts';
import type { Trace } from '../../local/dev/trace.ts';
import type { ExecutionRecord } from '../../local/runtime/execution-record.ts';
import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { maskPersonalData } from '../../shared/observability/logger.ts';
import type { Profile } from '../../shared/profiles/profile.ts';

type Row = { readonly at: string; readonly text: string };

/**
 * A customer's trace as text: the profile and consents, then every journey with each state it
 * entered and each send, skip, deferral or failure with its reason, then the events received.
 * Addresses are masked, as in the dev log, unless `reveal` is asked for.
 */
export function traceReport(
  trace: Trace,
  source: string,
  options: { readonly reveal?: boolean } = {},
): string {
  const lines = [
    ...profileLines(trace.profileId, trace.profile),
    `  (${source}; journey time ${dateLabel(trace.at)})`,
    '',
    ...journeyLines(trace),
    ...entryLines(trace),
    ...eventLines(trace),
  ];
  const text = `${lines.join('\n')}\n`;
  return options.reveal === true ? text : maskPersonalData(text);
}

function profileLines(profileId: string, profile: Profile | null): string[] {
  if (profile === null) return [`${profileId}: no profile (no profile.updated received for this id)`];
  const consent = (channel: 'email' | 'sms' | 'push') => {
    const status = profile.consents[channel];
    if (status !== undefined) return `${channel} ${status}`;
    return channel === 'sms' ? 'sms: no opt-in' : `${channel}: not opted out`;
  };
  const contact = [
    profile.email ?? 'no email',
    profile.phone ?? 'no phone',
    `${profile.pushTokens.length} push token${profile.pushTokens.length === 1 ? '' : 's'}`,
  ];
  const topics = Object.entries(profile.consents.topics).map(([topic, status]) => `topic ${topic} ${status}`);
  const attributes = Object.entries(profile.attributes).map(
    ([key, value]) => `${key}=${truncate(typeof value === 'string' ? value : JSON.stringify(value), 40)}`,
  );
  return [
    `${profileId}: ${contact.join(' · ')}`,
    `  consents: ${[consent('email'), consent('sms'), consent('push'), ...topics].join(' · ')}`,
    `  ${[profile.timeZone ?? 'default time zone', profile.locale ?? 'default locale'].join(' · ')}${attributes.length === 0 ? '' : ` · ${attributes.join(' ')}`}`,
  ];
}

function journeyLines(trace: Trace): string[] {
  if (trace.executions.length === 0) return ['No journeys.', ''];
  const lines = ['Journeys'];
  for (const execution of trace.executions) {
    const journey = trace.journeys.find((candidate) => candidate.execution === execution.name);
    const key =
      journey === undefined || journey.journeyKey === 'profile' ? '' : ` (key ${journey.journeyKey})`;
    const converted =
      journey?.convertedAt === undefined ? '' : ` · converted ${clockLabel(journey.convertedAt)}`;
    lines.push(
      `  ${execution.scenario}${key} · entered ${dayLabel(execution.startedAt)} · ${status(execution)}${converted}`,
    );
    for (const row of executionRows(execution, trace)) lines.push(`    ${clockLabel(row.at)}  ${row.text}`);
    if (execution.endedAt !== undefined) {
      lines.push(
        `    ${clockLabel(execution.endedAt)}  ${endText(execution.status, execution.states.at(-1)?.name, execution.error)}`,
      );
    }
  }
  return [...lines, ''];
}

/**
 * The states an execution entered, each send state followed by the ledger records of its step.
 * Records are placed by step rather than by time, because a state's entry time is noted a moment
 * after its task may already have written the ledger. A send entered twice (deferred for quiet
 * hours, then sent) gets its records in order: the deferral under the first entry, the outcome
 * under the last.
 */
function executionRows(execution: ExecutionRecord, trace: Trace): Row[] {
  const records = trace.ledger.filter(
    (record) => record.execution === execution.name && record.outcome !== 'sending',
  );
  const steps = trace.sendStates[execution.scenario] ?? {};
  const entries = new Map<string, number>();
  for (const state of execution.states) {
    const step = steps[state.name];
    if (step !== undefined) entries.set(step, (entries.get(step) ?? 0) + 1);
  }
  const queues = new Map<string, LedgerRecord[]>();
  for (const record of [...records].sort((a, b) => rank(a) - rank(b) || a.at.localeCompare(b.at))) {
    queues.set(record.step, [...(queues.get(record.step) ?? []), record]);
  }
  const seen = new Map<string, number>();
  const rows: Row[] = [];
  execution.states.forEach((state, index) => {
    // The same state twice in a row is a journey picked up again after a restart.
    const resumed = execution.states[index - 1]?.name === state.name;
    rows.push({ at: state.at, text: resumed ? `${state.name} (resumed)` : state.name });
    const step = steps[state.name];
    if (step === undefined) return;
    const entry = (seen.get(step) ?? 0) + 1;
    seen.set(step, entry);
    const queue = queues.get(step) ?? [];
    const last = entry === entries.get(step);
    for (const record of last ? queue.splice(0) : queue.splice(0, 1)) {
      rows.push({ at: record.at, text: `  ${outcomeText(record, trace)}` });
    }
  });
  // Records whose state is unknown (the scenario changed since) follow, in time order.
  const unplaced = [...queues.values()].flat().sort((a, b) => a.at.localeCompare(b.at));
  return [...rows, ...unplaced.map((record) => ({ at: record.at, text: `  ${outcomeText(record, trace)}` }))];
}

/** Deferrals come before the step's final outcome. */
function rank(record: LedgerRecord): number {
  return record.outcome === 'deferred' ? 0 : 1;
}

function status(execution: ExecutionRecord): string {
  if (execution.status === 'running') {
    return `running, now in "${execution.current?.state ?? execution.states.at(-1)?.name ?? '?'}"`;
  }
  return execution.status;
}

function outcomeText(record: LedgerRecord, trace: Trace): string {
  const step = `${record.channel} ${record.step}${record.variant === undefined ? '' : ` (variant ${record.variant})`}`;
  switch (record.outcome) {
    case 'sent': {
      const message = trace.messages.find((entry) => entry.messageId === record.providerMessageId);
      const what =
        message?.subject ?? (message === undefined ? '' : truncate(message.body.split('\n')[0] ?? '', 50));
      return `✓ sent ${step}${message === undefined ? '' : ` to ${message.to}`}${what === '' ? '' : ` "${what}"`}`;
    }
    case 'deferred':
      return `… deferred ${step}: ${skipReasonText(record.reason, record.channel)}${record.until === undefined ? '' : `, until ${clockLabel(record.until)}`}`;
    case 'failed':
      return `✗ failed ${step}: ${record.reason ?? 'no reason recorded'}`;
    case 'uncertain':
      return `? ${step}: ${uncertainText(record.reason)}`;
    default:
      return `✗ not sent ${step}: ${record.reason ?? 'skipped'}, ${skipReasonText(record.reason, record.channel)}`;
  }
}

/** Each scenario a trigger event triggered, and whether it started a journey (and why not). */
function entryLines(trace: Trace): string[] {
  if (trace.entries.length === 0) return [];
  return [
    'Entries (by trigger event)',
    ...trace.entries.map(
      (entry) =>
        `  ${dayLabel(entry.eventTime)}  ${entry.eventType} → ${entry.scenario}: ${entryOutcomeText(entry)}`,
    ),
    '',
  ];
}

function eventLines(trace: Trace): string[] {
  if (trace.events.length === 0) return ['No events received.'];
  return [
    `Events received (${trace.events.length === 50 ? 'last 50' : trace.events.length})`,
    ...trace.events.map((event) =>
      `  ${dayLabel(event.time)}  ${event['detail-type']} from ${event.source}  ${detailSummary(event.detail)}`.trimEnd(),
    ),
  ];
}
