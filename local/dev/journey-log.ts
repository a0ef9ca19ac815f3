import { loadPhoneLibrary } from '../../shared/channels/phone-library.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { IngestReport } from '../../shared/ingest/ingest-report.ts';
import { validateEvent } from '../../shared/ingest/validate-event.ts';
import type { EntryOutcomeRecord } from '../../shared/journeys/entry-outcomes.ts';
import { journeysOf } from '../../shared/journeys/journey-store.ts';
import type { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import { ledgerOf } from '../../shared/ledger/ledger-store.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { State } from '../../state-machines/compiler/asl.ts';
import type { BusEvent } from '../bus/bus-event.ts';
import type { Outbox, OutboxEntry } from '../outbox/outbox.ts';
import type { Activity } from '../runtime/activity.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';
import { entryOutcomeText, entrySkipText } from './entry-outcome-text.ts';
import { clockLabel, dateLabel, detailSummary, firstLine, type LineKind, logLine } from './log-format.ts';
import { endText, skipReasonText, uncertainText } from './reasons.ts';
import { enteredCurrentStateAt, readJsonPath, stateKind } from './state-kinds.ts';

/** What the log reads from the running platform; absent while the platform restarts. */
export type LogContext = {
  readonly store: ItemStore;
  readonly outbox: Outbox;
  readonly scenarios: readonly ProjectScenario[];
  readonly activity: Activity;
};

export type JourneyLogDeps = {
  readonly write: (line: string) => void;
  readonly context: () => LogContext | undefined;
  /** Journey time. */
  readonly now: () => Date;
};

/** How long an event's consequences may take before its goal decisions are read anyway. */
const SETTLE_MS = 2_000;
/** Back-dated events (imports, the demo's history) say when they happened. */
const BACKDATED_MS = 3_600_000;

type Lines = readonly string[];

/**
 * The dev server's log: one readable line per thing that happened to a customer. Lines are
 * written through one queue, in the order things happened, even when a line needs a lookup first
 * (a ledger outcome, an entry decision), so a send is never printed after the wait that follows it.
 */
export class JourneyLog {
  private tail: Promise<void> = Promise.resolve();
  private readonly seenOutcomes = new Set<string>();
  private readonly seenGoals = new Set<string>();
  private readonly resuming = new Map<string, string>();

  constructor(private readonly deps: JourneyLogDeps) {}

  /** A line about one customer, or about the platform when `profileId` is empty. */
  say(kind: LineKind, profileId: string, text: string, at: Date | string = this.deps.now()): void {
    this.enqueue(() => [logLine(at, kind, profileId, text)]);
  }

  /** Text outside the journey log (the banner, validation errors): written as it is, in order. */
  print(text: string): void {
    this.enqueue(() => text.split('\n'));
  }

  /** The next start of this execution is a resumption at `state`, and is reported as one. */
  expectResume(name: string, state: string): void {
    this.resuming.set(name, state);
  }

  /** Resolves once every line asked for so far is written. */
  drain(): Promise<void> {
    return this.tail;
  }

  readonly onDeliveryError = (error: unknown): void => {
    this.say('error', '', error instanceof Error ? error.message : String(error));
  };

  /** Given to startPlatform as `onExecution`: called synchronously by the runner, so it snapshots. */
  readonly onExecution = (record: ExecutionRecord, change: 'started' | 'state' | 'ended'): void => {
    const { name, scenario, profileId } = record;
    const last = record.states.at(-1);
    const previous = record.states.at(-2);
    if (change === 'started') {
      const resumedAt = this.resuming.get(name);
      this.resuming.delete(name);
      if (resumedAt === undefined)
        this.say('start', profileId, `${scenario}: ${this.scenarioName(scenario)}`);
      else
        this.say(
          'resume',
          profileId,
          `${scenario} at "${resumedAt}" (started ${clockLabel(record.startedAt)})`,
        );
      return;
    }
    const justRan = change === 'ended' ? [previous, last] : [previous];
    const steps = justRan.flatMap((state) => {
      const kind = stateKind(this.stateOf(scenario, state?.name));
      return kind.kind === 'send' ? [kind.step] : [];
    });
    if (steps.length > 0) this.enqueue(() => this.outcomeLines(record.name, profileId, steps));
    if (change === 'ended') {
      const text = endText(record.status, last?.name, record.error);
      this.say('end', profileId, `${scenario}: ${text}`, record.endedAt ?? this.deps.now());
      return;
    }
    if (last !== undefined) this.stateLine(record, last);
  };

  /**
   * Told each ingest report: a line per event kept as rejected, with its id and the field at fault,
   * per aggregate cut to keep the customer's data bounded, and per triggered scenario that did not
   * start a journey, with why (a start is told by its execution's own line). The report says what
   * ingest decided, so nothing is read back or re-derived.
   */
  readonly onIngested = (report: unknown): void => {
    const parsed = IngestReport.safeParse(report);
    if (!parsed.success) return;
    for (const { eventId, profileId, reason } of parsed.data.rejected) {
      this.say('rejected', profileId ?? '?', `event ${eventId}: ${reason}`);
    }
    for (const { eventId, profileId, warning } of parsed.data.warnings) {
      this.say('truncated', profileId, `event ${eventId}: ${warning}`);
    }
    for (const entry of parsed.data.entries) {
      const line = entryNotStartedLine(entry);
      if (line !== undefined) this.say(line.kind, entry.profileId, `${entry.scenario}: ${line.text}`);
    }
  };

  /** Subscribed to every event on the bus, beside the platform's own subscription. */
  readonly onEvent = async (event: BusEvent): Promise<void> => {
    // Read from the event as sent, so an invalid one still names its customer when it has one:
    // the rejection line that follows does.
    const named = event.detail.profileId;
    const profileId = typeof named === 'string' && named !== '' ? named : '?';
    const summary = detailSummary(event.detail);
    const dated =
      Math.abs(Date.parse(event.time) - this.deps.now().getTime()) > BACKDATED_MS
        ? ` (dated ${dateLabel(event.time)})`
        : '';
    // Whether ingest kept it as rejected (invalid, or from a source not trusted with the change it
    // asks for) follows on its own line, from ingest's report.
    this.say(
      'event',
      profileId,
      `${event['detail-type']} from ${event.source}${summary === '' ? '' : ` · ${summary}`}${dated}`,
    );
    // After the line: the first load of libphonenumber, which validateEvent reads a phone with,
    // must not let ingest's own lines for this event come before it.
    await loadPhoneLibrary();
    const validation = validateEvent(event);
    if (!validation.valid) return;
    // The goal decisions exist once the platform has handled the event. Waiting for them here
    // would hold up the bus's next delivery, so the lines follow when they can.
    this.enqueue(async () => {
      await this.settle();
      return this.goalLines(validation.event);
    });
  };

  private stateLine(record: ExecutionRecord, state: { name: string; at: string }): void {
    const kind = stateKind(this.stateOf(record.scenario, state.name));
    const label = `${record.scenario}: ${state.name}`;
    const since = enteredCurrentStateAt(record.states) ?? state.at;
    switch (kind.kind) {
      case 'wait': {
        // A quiet-hours retry wait is already told by its deferral line.
        if (state.name.endsWith(': quiet hours')) return;
        const wakeAt =
          kind.seconds !== undefined
            ? new Date(Date.parse(since) + kind.seconds * 1000)
            : readJsonPath(record.current?.input, kind.timestampPath ?? '');
        const until =
          typeof wakeAt === 'string' || wakeAt instanceof Date ? `, until ${clockLabel(wakeAt)}` : '';
        this.say('wait', record.profileId, `${label}${until}`, state.at);
        return;
      }
      case 'wait-for': {
        const latest = new Date(Date.parse(since) + kind.timeoutSeconds * 1000);
        this.say('wait', record.profileId, `${label}, until ${clockLabel(latest)} at the latest`, state.at);
        return;
      }
      case 'step':
        this.say('step', record.profileId, label, state.at);
        return;
      default:
        return;
    }
  }

  private async outcomeLines(execution: string, profileId: string, steps: readonly string[]): Promise<Lines> {
    const context = this.deps.context();
    if (context === undefined) return [];
    const records = (await ledgerOf(context.store, profileId)).filter(
      (record) =>
        record.execution === execution && steps.includes(record.step) && record.outcome !== 'sending',
    );
    const fresh = records.filter((record) => !this.seenOutcomes.has(outcomeKey(record)));
    if (fresh.length === 0) return [];
    const outbox = fresh.some((record) => record.outcome === 'sent') ? await context.outbox.list() : [];
    return fresh.map((record) => {
      this.seenOutcomes.add(outcomeKey(record));
      return outcomeLine(record, outbox);
    });
  }

  private async goalLines(event: EventEnvelope): Promise<Lines> {
    const context = this.deps.context();
    if (context === undefined) return [];
    const profileId = event.detail.profileId;
    const now = this.deps.now();
    const converted = (await journeysOf(context.store, profileId)).filter(
      (journey) => journey.convertedAt === event.time && !this.seenGoals.has(journey.execution),
    );
    for (const journey of converted) this.seenGoals.add(journey.execution);
    return converted.map((journey) =>
      logLine(
        now,
        'goal',
        profileId,
        `${journey.scenario}: converted by ${event['detail-type']}, nothing more is sent`,
      ),
    );
  }

  private async settle(): Promise<void> {
    const context = this.deps.context();
    if (context === undefined) return;
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, SETTLE_MS);
    });
    await Promise.race([context.activity.quiescent(), giveUp]);
    clearTimeout(timer);
  }

  private enqueue(lines: () => Lines | Promise<Lines>): void {
    this.tail = this.tail.then(async () => {
      try {
        for (const line of await lines()) this.deps.write(line);
      } catch (error) {
        // A lookup that fails (the store closing on Ctrl-C) costs its lines, never the log.
        const reason = error instanceof Error ? error.message : String(error);
        this.deps.write(logLine(this.deps.now(), 'error', '', `the log could not read the store: ${reason}`));
      }
    });
  }

  private scenarioName(id: string): string {
    return this.deps.context()?.scenarios.find(({ scenario }) => scenario.id === id)?.scenario.name ?? id;
  }

  private stateOf(scenario: string, state: string | undefined): State | undefined {
    if (state === undefined) return undefined;
    const found = this.deps.context()?.scenarios.find((candidate) => candidate.scenario.id === scenario);
    return found?.compiled.definition.States[state];
  }
}

/** A triggered scenario that did not start: why, in the words `parcours trace` uses. */
function entryNotStartedLine(entry: EntryOutcomeRecord): { kind: LineKind; text: string } | undefined {
  switch (entry.outcome) {
    case 'started':
      return undefined;
    case 'skipped':
      return { kind: 'no start', text: entrySkipText(entry) };
    case 'failed':
      return { kind: 'error', text: entryOutcomeText(entry) };
  }
}

function outcomeKey(record: LedgerRecord): string {
  return `${record.execution}|${record.step}|${record.outcome}|${record.at}`;
}

function outcomeLine(record: LedgerRecord, outbox: readonly OutboxEntry[]): string {
  const where = `${record.scenario}/${record.step}${record.variant === undefined ? '' : ` (variant ${record.variant})`}`;
  switch (record.outcome) {
    case 'sent': {
      const message = outbox.find((entry) => entry.messageId === record.providerMessageId);
      const to = message === undefined ? '' : ` to ${message.to}`;
      const content =
        message === undefined
          ? ''
          : message.subject !== undefined
            ? ` "${message.subject}"`
            : ` "${firstLine(message.body, 50)}"`;
      return logLine(record.at, 'sent', record.profileId, `${where}: ${record.channel}${to}${content}`);
    }
    case 'deferred': {
      const until = record.until === undefined ? '' : `, sends at ${clockLabel(record.until)}`;
      return logLine(
        record.at,
        'deferred',
        record.profileId,
        `${where}: ${record.channel}, ${skipReasonText(record.reason, record.channel)}${until}`,
      );
    }
    case 'uncertain':
      return logLine(
        record.at,
        'uncertain',
        record.profileId,
        `${where}: ${record.channel}, ${uncertainText(record.reason)}`,
      );
    case 'failed':
      return logLine(
        record.at,
        'failed',
        record.profileId,
        `${where}: ${record.channel}, ${record.reason ?? 'failed'}`,
      );
    default:
      return logLine(
        record.at,
        'not sent',
        record.profileId,
        `${where}: ${record.channel}, ${record.reason ?? 'skipped'}: ${skipReasonText(record.reason, record.channel)}`,
      );
  }
}
