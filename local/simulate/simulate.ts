import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { SORT_PREFIX } from '../../shared/store/keys.ts';
import { reportOfFacts } from '../outcomes/fact-outcomes.ts';
import { type Platform, startPlatform } from '../platform/local-platform.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';
import { VirtualTime } from '../runtime/time.ts';
import { seedProfiles } from './seed-profiles.ts';
import {
  buildReport,
  entryOutcomeRecords,
  type SimulationReport,
  scenarioCosts,
} from './simulation-report.ts';

export type SimulateOptions = {
  readonly projectDir: string;
  /** EventBridge envelopes, each with its time. */
  readonly events: readonly EventEnvelope[];
  readonly profiles?: readonly Profile[];
  readonly only?: readonly string[] | undefined;
  /** Stop the clock here; journeys still waiting are reported as running. */
  readonly until?: Date | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** The store to run on: memory (the default, fast) or dynalite (the store of `npm start`). */
  readonly store?: 'memory' | 'dynalite';
};

/**
 * Replays events through the real handlers and state machines in virtual time: the clock jumps
 * to the next event or wake-up, so a week of traffic takes seconds, and since one step runs at a
 * time in a fixed order, two runs of the same input give the same report.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const events = [...options.events].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id),
  );
  const from = new Date(events[0]?.time ?? options.until ?? Date.now());
  const time = new VirtualTime(from);
  const executions = new Map<string, ExecutionRecord>();
  const platform = await startPlatform({
    projectDir: options.projectDir,
    time,
    busPort: 0,
    serial: true,
    only: options.only,
    store: options.store ?? 'memory',
    // The runner changes a record in place: it is copied once, when the report is built.
    onExecution: (record) => executions.set(record.name, record),
  });
  try {
    await seedProfiles(platform.store, options.profiles ?? [], time.now());
    await run(platform, time, events, options);
    const taskStates = new Map(
      platform.scenarios.map(({ scenario, compiled }) => [
        scenario.id,
        new Set(
          Object.entries(compiled.definition.States).flatMap(([name, state]) =>
            state.Type === 'Task' ? [name] : [],
          ),
        ),
      ]),
    );
    const input = {
      from,
      until: time.now(),
      outbox: await platform.outbox.list(),
      ledger: await allLedgerRecords(platform.store),
      executions: [...executions.values()].map((record) => structuredClone(record)),
      facts: platform.memoryFacts ?? [],
      taskStates: (scenario: string) => taskStates.get(scenario) ?? new Set<string>(),
      ingested: events.length,
      entryOutcomes: await entryOutcomeRecords(platform.store),
    };
    const { bundle } = platform;
    const outcomes = await reportOfFacts(input.facts, {
      since: from.toISOString(),
      currency: bundle.config.currency,
      programs: bundle.programs.programs,
      scenarios: Object.fromEntries(
        Object.entries(bundle.scenarios).map(([id, { scenario }]) => [id, scenario.program]),
      ),
      costs: scenarioCosts(input),
    });
    return buildReport(input, outcomes);
  } finally {
    await platform.stop();
  }
}

async function run(
  platform: Platform,
  time: VirtualTime,
  events: readonly EventEnvelope[],
  options: SimulateOptions,
): Promise<void> {
  const until = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
  let next = 0;
  for (;;) {
    await settle(platform);
    const event = events[next];
    const eventAt = event === undefined ? Number.POSITIVE_INFINITY : Date.parse(event.time);
    const wakeAt = time.nextWakeUp()?.getTime() ?? Number.POSITIVE_INFINITY;
    if (Math.min(eventAt, wakeAt) > until || (event === undefined && wakeAt === Number.POSITIVE_INFINITY))
      break;
    if (event !== undefined && eventAt <= wakeAt) {
      time.advanceTo(new Date(eventAt));
      await platform.bus.publish(event);
      next += 1;
      options.onProgress?.(next, events.length);
    } else {
      time.wakeNext();
    }
  }
  if (Number.isFinite(until)) time.advanceTo(new Date(until));
}

/** Nothing in flight, no event queued: every journey sleeps, so time may move. */
async function settle(platform: Platform): Promise<void> {
  do {
    await platform.activity.quiescent();
    await platform.bus.idle();
    await platform.activity.quiescent();
  } while (!(await platform.activity.isIdle()));
}

async function allLedgerRecords(store: ItemStore): Promise<LedgerRecord[]> {
  return (await store.scan({ sortKeyPrefix: SORT_PREFIX.ledger })).map((item) => LedgerRecord.parse(item));
}
