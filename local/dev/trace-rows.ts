import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { currentState, type ExecutionRecord } from '../runtime/execution-record.ts';
import { clockLabel, truncate } from './log-format.ts';
import { endText, skipReasonText, uncertainText } from './reasons.ts';
import type { Trace } from './trace.ts';

/** What a row of a journey says: a state entered, or a send step's outcome. */
export type JourneyRowKind = 'state' | 'sent' | 'deferred' | 'failed' | 'uncertain' | 'skipped' | 'end';

export type JourneyRow = {
  readonly at: string;
  readonly kind: JourneyRowKind;
  readonly text: string;
  /** The message a `sent` row sent, to open its preview. */
  readonly messageId?: string;
};

/** One journey of a trace as `parcours trace` prints it and the console shows it. */
export type JourneyView = {
  readonly scenario: string;
  readonly execution: string;
  readonly version?: string;
  /** The journey's key when it is not the profile. */
  readonly key?: string;
  readonly startedAt: string;
  /** `running, now in "…"` or the status it ended with. */
  readonly status: string;
  readonly running: boolean;
  readonly convertedAt?: string;
  readonly rows: readonly JourneyRow[];
};

export function journeyViews(trace: Trace): JourneyView[] {
  return trace.executions.map((execution) => {
    const journey = trace.journeys.find((candidate) => candidate.execution === execution.name);
    const ended: JourneyRow[] =
      execution.endedAt === undefined
        ? []
        : [
            {
              at: execution.endedAt,
              kind: 'end',
              text: endText(execution.status, execution.states.at(-1)?.name, execution.error),
            },
          ];
    return {
      scenario: execution.scenario,
      execution: execution.name,
      ...(execution.version === undefined ? {} : { version: execution.version }),
      ...(journey === undefined || journey.journeyKey === 'profile' ? {} : { key: journey.journeyKey }),
      startedAt: execution.startedAt,
      status: status(execution),
      running: execution.status === 'running',
      ...(journey?.convertedAt === undefined ? {} : { convertedAt: journey.convertedAt }),
      rows: [...executionRows(execution, trace), ...ended],
    };
  });
}

/**
 * The states an execution entered, each send state followed by the ledger records of its step.
 * Records are placed by step rather than by time, because a state's entry time is noted a moment
 * after its task may already have written the ledger. A send entered twice (deferred for quiet
 * hours, then sent) gets its records in order: the deferral under the first entry, the outcome
 * under the last.
 */
function executionRows(execution: ExecutionRecord, trace: Trace): JourneyRow[] {
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
  const rows: JourneyRow[] = [];
  execution.states.forEach((state, index) => {
    // The same state twice in a row is a journey picked up again after a restart.
    const resumed = execution.states[index - 1]?.name === state.name;
    rows.push({ at: state.at, kind: 'state', text: resumed ? `${state.name} (resumed)` : state.name });
    const step = steps[state.name];
    if (step === undefined) return;
    const entry = (seen.get(step) ?? 0) + 1;
    seen.set(step, entry);
    const queue = queues.get(step) ?? [];
    const last = entry === entries.get(step);
    for (const record of last ? queue.splice(0) : queue.splice(0, 1)) rows.push(outcomeRow(record, trace));
  });
  // Records whose state is unknown (the scenario changed since) follow, in time order.
  const unplaced = [...queues.values()].flat().sort((a, b) => a.at.localeCompare(b.at));
  return [...rows, ...unplaced.map((record) => outcomeRow(record, trace))];
}

/** Deferrals come before the step's final outcome. */
function rank(record: LedgerRecord): number {
  return record.outcome === 'deferred' ? 0 : 1;
}

function status(execution: ExecutionRecord): string {
  return runningText(execution.status, currentState(execution));
}

/** A journey's status as a trace says it: where a running one is, or how it ended. */
export function runningText(status: string, current: string | undefined): string {
  return status === 'running' ? `running, now in "${current ?? '?'}"` : status;
}

/** A send step as rows name it: `email cart-email (variant b)`. */
export function stepLabel(channel: string, step: string, variant: string | undefined): string {
  return `${channel} ${step}${variant === undefined ? '' : ` (variant ${variant})`}`;
}

/** A sent message's row text: to whom, and its subject or first line. */
export function sentText(
  step: string,
  message: { readonly to: string; readonly subject?: string; readonly body: string } | undefined,
): string {
  const what =
    message?.subject ?? (message === undefined ? '' : truncate(message.body.split('\n')[0] ?? '', 50));
  return `✓ sent ${step}${message === undefined ? '' : ` to ${message.to}`}${what === '' ? '' : ` "${what}"`}`;
}

/** A skipped send's row text: the reason recorded, and what it means. */
export function skippedText(step: string, reason: string | undefined, channel: string): string {
  return `✗ not sent ${step}: ${reason ?? 'skipped'}, ${skipReasonText(reason, channel)}`;
}

function outcomeRow(record: LedgerRecord, trace: Trace): JourneyRow {
  const step = stepLabel(record.channel, record.step, record.variant);
  const row = (kind: JourneyRowKind, text: string): JourneyRow => ({ at: record.at, kind, text });
  switch (record.outcome) {
    case 'sent': {
      const message = trace.messages.find((entry) => entry.messageId === record.providerMessageId);
      return {
        ...row('sent', sentText(step, message)),
        ...(message === undefined ? {} : { messageId: message.messageId }),
      };
    }
    case 'deferred':
      return row(
        'deferred',
        `… deferred ${step}: ${skipReasonText(record.reason, record.channel)}${record.until === undefined ? '' : `, until ${clockLabel(record.until)}`}`,
      );
    case 'failed':
      return row('failed', `✗ failed ${step}: ${record.reason ?? 'no reason recorded'}`);
    case 'uncertain':
      return row('uncertain', `? ${step}: ${uncertainText(record.reason)}`);
    default:
      return row('skipped', skippedText(step, record.reason, record.channel));
  }
}
