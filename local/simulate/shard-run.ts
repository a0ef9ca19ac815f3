import type { Programs } from '../../language/programs.ts';
import type { EntryOutcomeRecord } from '../../shared/journeys/entry-outcomes.ts';
import { LedgerRecord } from '../../shared/ledger/ledger-record.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { SORT_PREFIX } from '../../shared/store/keys.ts';
import { type Platform, startPlatform } from '../platform/local-platform.ts';
import type { ProjectBuild } from '../platform/project-build.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';
import { VirtualTime } from '../runtime/time.ts';
import { summarize } from './execution-summary.ts';
import { heapGrowthBound } from './heap-growth.ts';
import { type EventSource, eventSource, type ShardInput, shardProfiles } from './input/shard-input.ts';
import { JsonLinesFile } from './json-lines-file.ts';
import { seedProfiles } from './seed-profiles.ts';
import { ShardFacts } from './shard-facts.ts';
import { ShardOutbox } from './shard-outbox.ts';
import {
  entryOutcomeRecords,
  isReportedSkip,
  type PendingDelivery,
  rejectedRecords,
  type SimulatedRejection,
  type SimulatedSkip,
  skipOf,
} from './simulation-report.ts';

/** What one shard of a simulation replays: its customers' events (in time order) and profiles. */
export type ShardOptions = {
  /** Compiled once by the parent, so no shard loads the compiler. */
  readonly build: ProjectBuild;
  readonly input: ShardInput;
  readonly only?: readonly string[] | undefined;
  /** The simulation's first instant, the same for every shard (profiles are stored at it). */
  readonly from: Date;
  /**
   * The first event's time, where the clocks start (a local-time occurrence in progress then, from
   * its beginning, `from`; see local/platform/clock-start.ts); none without events.
   */
  readonly firstEvent?: Date | undefined;
  readonly until?: Date | undefined;
  /** The last instant a schedule or an anniversary may fire. */
  readonly clocksUntil: Date;
  readonly store: 'memory' | 'dynalite';
  readonly files: ShardFiles;
  readonly onProgress?: (done: number) => void;
};

/**
 * The JSON-lines files a shard writes what the report needs of each journey to, rather than keep
 * it in memory until the end: its outcome facts and those its journeys are folded from (see
 * ShardFacts), its messages (see ShardOutbox) and its executions, each summed up when it ends.
 */
export type ShardFiles = {
  readonly facts: string;
  readonly journeys: string;
  readonly messages: string;
  readonly executions: string;
};

/** What a shard hands back: plain data, so it crosses from a worker thread as it is. */
export type ShardRun = {
  readonly until: Date;
  /** Where the shard left its messages and executions, complete. */
  readonly files: ShardFiles;
  /** The shard's skips as the report lists them: all a merge needs of them. */
  readonly skips: SimulatedSkip[];
  readonly entryOutcomes: EntryOutcomeRecord[];
  readonly rejected: SimulatedRejection[];
  readonly pending: PendingDelivery[];
  /** What the report needs of the project, as the shard's platform loaded it. */
  readonly project: {
    readonly currency: string;
    readonly programs: Programs['programs'];
    readonly programOf: Record<string, string>;
  };
};

/**
 * Replays one shard's events through the real handlers and state machines in virtual time: the
 * clock jumps to the next event or wake-up, and since one step runs at a time in a fixed order,
 * two runs of the same input give the same result. An execution that ends is kept as its summary.
 */
export async function runShard(options: ShardOptions): Promise<ShardRun> {
  const time = new VirtualTime(options.from);
  const running = new Map<string, ExecutionRecord>();
  let taskStatesOf: (scenario: string) => ReadonlySet<string> = () => new Set();
  const executions = await JsonLinesFile.open(options.files.executions);
  // In the order the executions end. A failed write fails the shard where it awaits them all,
  // not as an unhandled rejection in the middle of the replay.
  let summarized = Promise.resolve();
  const summarizeEnded = (record: ExecutionRecord) => {
    const summary = summarize(record, taskStatesOf(record.scenario));
    summarized = summarized.then(() => executions.append(summary));
    summarized.catch(() => undefined);
  };
  const facts = await ShardFacts.open(options.files);
  const outbox = await ShardOutbox.open(options.files.messages);
  const platform = await startPlatform({
    facts,
    outbox,
    project: options.build,
    time,
    busPort: 0,
    serial: true,
    only: options.only,
    store: options.store,
    // The runner changes a record in place: it is summed up once, when the execution ends.
    onExecution: (record, change) => {
      if (change !== 'ended') return void running.set(record.name, record);
      running.delete(record.name);
      summarizeEnded(record);
    },
  });
  try {
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
    taskStatesOf = (scenario) => taskStates.get(scenario) ?? new Set();
    for await (const profiles of shardProfiles(options.input)) {
      await seedProfiles(platform.store, profiles, time.now());
    }
    let clockError: unknown;
    platform.startClocks({
      replayFrom: options.firstEvent,
      until: options.clocksUntil,
      onError: (scenario, error) => {
        clockError ??= new Error(`the schedule of ${scenario} failed: ${String(error)}`, { cause: error });
      },
    });
    const events = await eventSource(options.input);
    await replay(platform, time, events, options).finally(() => events.close());
    if (clockError !== undefined) throw clockError;
    const { bundle } = platform;
    for (const record of running.values()) summarizeEnded(record);
    await summarized;
    return {
      until: time.now(),
      files: options.files,
      skips: (await reportedLedgerRecords(platform.store)).map(skipOf),
      entryOutcomes: await entryOutcomeRecords(platform.store),
      rejected: await rejectedRecords(platform.store, options.from, time.now()),
      pending: await platform.undeliveredWaves(),
      project: {
        currency: bundle.config.currency,
        programs: bundle.programs.programs,
        programOf: Object.fromEntries(
          Object.entries(bundle.scenarios).map(([id, { scenario }]) => [id, scenario.program]),
        ),
      },
    };
  } finally {
    await platform.stop();
    await Promise.all([facts.close(), outbox.close(), executions.close()]);
  }
}

/** Replays the events and wakes the sleepers in time order. */
async function replay(
  platform: Platform,
  time: VirtualTime,
  events: EventSource,
  options: ShardOptions,
): Promise<void> {
  const until = options.until?.getTime() ?? Number.POSITIVE_INFINITY;
  let published = 0;
  const boundHeapGrowth = heapGrowthBound();
  for (let step = 1; ; step += 1) {
    if (step % HEAP_CHECK_EVERY === 0) boundHeapGrowth();
    await settle(platform);
    const event = await events.peek();
    const eventAt = event === undefined ? Number.POSITIVE_INFINITY : Date.parse(event.time);
    const wakeAt = time.nextWakeUp()?.getTime() ?? Number.POSITIVE_INFINITY;
    if (Math.min(eventAt, wakeAt) > until || (event === undefined && wakeAt === Number.POSITIVE_INFINITY))
      break;
    if (event !== undefined && eventAt <= wakeAt) {
      time.advanceTo(new Date(eventAt));
      await platform.bus.publish(event);
      events.take();
      published += 1;
      options.onProgress?.(published);
    } else {
      time.wakeNext();
    }
  }
  if (Number.isFinite(until)) time.advanceTo(new Date(until));
}

/** Steps (an event or a wake-up) between two looks at the heap's size. */
const HEAP_CHECK_EVERY = 1_000;

/** Nothing in flight, no event queued: every journey sleeps, so time may move. */
async function settle(platform: Platform): Promise<void> {
  do {
    await platform.activity.quiescent();
    await platform.bus.idle();
    await platform.activity.quiescent();
  } while (!(await platform.activity.isIdle()));
}

/** The ledger records the report lists: a shard sends back only what the merge needs. */
async function reportedLedgerRecords(store: ItemStore): Promise<LedgerRecord[]> {
  return (await store.scan({ sortKeyPrefix: SORT_PREFIX.ledger }))
    .map((item) => LedgerRecord.parse(item))
    .filter(isReportedSkip);
}
