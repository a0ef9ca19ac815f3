import { type ClockSchedule, clockSchedule, dailyCron } from '../../language/clock-schedule.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Schedule } from '../../language/trigger.ts';
import { nextInZone } from '../../shared/schedule/occurrences.ts';
import { SWEEP_AT, sweepNeeded } from '../../shared/segments/sweep-segment.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { type ItemKey, keys } from '../../shared/store/keys.ts';
import type { Activity } from '../runtime/activity.ts';
import type { TimeSource } from '../runtime/time.ts';
import { occurrenceStart } from './clock-start.ts';

/**
 * The local platform's EventBridge Scheduler: each scenario's schedule or anniversary fires in
 * platform time (sped up for `npm start`, virtual in `simulate`) when an occurrence begins (in its
 * zone, or for each customer's local time in the first zone to reach the reading), and starts the
 * scenario's broadcast state machine on the local engine, as Scheduler starts it on AWS. A daily
 * sweep moves the segments time moves.
 */
export type ClockTriggerOptions = {
  readonly bundle: RuntimeBundle;
  readonly store: ItemStore;
  readonly time: TimeSource;
  readonly activity: Activity;
  /**
   * Runs one occurrence's broadcast state machine, begun at `at` (Scheduler's scheduled time), to
   * its end on the local engine; rejects when it failed.
   */
  readonly broadcast: (scenario: string, at: Date) => Promise<void>;
  /** Runs the segment sweep's state machine, begun at `at`, to its end; rejects when it failed. */
  readonly sweep: (at: Date) => Promise<void>;
  /** Only these scenarios fire (`simulate --scenario`); all when absent. */
  readonly only?: ReadonlySet<string> | undefined;
  /** No occurrence begins after this instant (the end of a simulation). */
  readonly until?: Date | undefined;
  /**
   * Where a clock with no position yet starts (a simulation's first event): there, or at the
   * beginning of a local-time occurrence in progress then (see clock-start.ts). Now when absent:
   * a platform's first start has no occurrence to finish.
   */
  readonly replayFrom?: Date | undefined;
  /**
   * Told of a run that failed: the scenario whose broadcast it was ("segment sweep" for the
   * sweep), and the error, which names the customers it failed for.
   */
  readonly onError?: (clock: string, error: unknown) => void;
  /**
   * How long after failed work it is tried again, in platform time; without it the clock stops
   * there (a simulation, which then fails with the error).
   */
  readonly retryAfterMs?: number | undefined;
};

/**
 * How late a missed occurrence is still delivered when the platform starts again: EventBridge
 * Scheduler retries an invocation for 24 hours by default, then drops it.
 */
export const CATCH_UP_MS = 24 * 3_600_000;

/** The cursor key of the segment sweep: "#" is in no scenario id. */
const SWEEP = '#segment-sweep';

/**
 * A schedule the platform keeps, as Scheduler keeps one on AWS: in its zone, each occurrence runs
 * a state machine on the local engine. Its steps are work in flight of their own (the runner's),
 * so the clock only waits for its end, to retry it or to move its cursor past it.
 */
type Clockwork = {
  /** Keys its cursor in the store: a scenario id, or a name no scenario can have. */
  readonly cursor: string;
  /** How errors name it. */
  readonly label: string;
  readonly schedule: Schedule;
  readonly zone: string;
  run(at: Date): Promise<void>;
};

/** Starts every scenario's clock, and the daily segment sweep; `stop` ends them (work in progress finishes). */
export function startClockTriggers(options: ClockTriggerOptions): { stop(): void } {
  const stopped = new AbortController();
  const taken = Object.values(options.bundle.scenarios)
    .map(({ scenario }) => scenario)
    .filter((scenario) => options.only === undefined || options.only.has(scenario.id));
  const clockworks = taken.flatMap((scenario) => {
    const plan = clockSchedule(scenario.trigger, options.bundle.config['time-zone']);
    return plan === undefined ? [] : [scenarioClock(scenario.id, plan, options)];
  });
  if (sweepNeeded(options.bundle.config.segments, taken)) clockworks.push(segmentSweep(options));
  for (const clockwork of clockworks) {
    void runClock(clockwork, options, stopped.signal).catch((error: unknown) =>
      options.onError?.(clockwork.label, error),
    );
  }
  return { stop: () => stopped.abort() };
}

function scenarioClock(scenarioId: string, plan: ClockSchedule, options: ClockTriggerOptions): Clockwork {
  return {
    cursor: scenarioId,
    label: scenarioId,
    schedule: plan.schedule,
    zone: plan.startZone,
    run: (at) => options.broadcast(scenarioId, at),
  };
}

/**
 * Segments move with events (ingest), and with time or a journey's update-profile step: the sweep
 * looks at every customer once a day. It runs when a scenario starts on a segment transition, or
 * waits for one; otherwise nothing would read what it records.
 */
function segmentSweep(options: ClockTriggerOptions): Clockwork {
  return {
    cursor: SWEEP,
    label: 'segment sweep',
    schedule: { cron: dailyCron(SWEEP_AT), audience: {} },
    zone: options.bundle.config['time-zone'],
    run: (at) => options.sweep(at),
  };
}

/**
 * Runs a clockwork: sleeps until each occurrence begins, and starts its run there, while the next
 * occurrence is awaited (a day's anniversaries reach the last zones after the next day's have
 * begun in the first). The store keeps where the clock stands (ClockPosition), so a restart
 * finishes what a stop cut.
 */
async function runClock(clockwork: Clockwork, options: ClockTriggerOptions, signal: AbortSignal) {
  const { store, time, activity } = options;
  const key = keys.clockCursor(clockwork.cursor);
  // Reading the store is work in flight like any other: a simulation may not move its clock
  // before this clock has said when it wakes next.
  const now = time.now();
  const saved = await activity.run(() => savedPosition(store, key));
  // A first start takes an occurrence that begins at its very instant (a simulation's clock may
  // start at one): the clock looks for those after `through`.
  const first =
    options.replayFrom === undefined
      ? now
      : occurrenceStart(clockwork.schedule, clockwork.zone, options.replayFrom);
  const justBefore = new Date(first.getTime() - 1);
  const position: ClockPosition = saved ?? { through: justBefore, begun: justBefore };
  const save = () =>
    activity.run(() =>
      store.put({ ...key, through: position.through.toISOString(), begun: position.begun.toISOString() }),
    );
  if (saved === undefined) await save();
  const catchUpFrom = new Date(now.getTime() - CATCH_UP_MS);
  // With nothing begun and unfinished, the clock goes on from the catch-up window at most.
  let cursor =
    position.begun > position.through
      ? position.through
      : new Date(Math.max(position.through.getTime(), catchUpFrom.getTime()));
  const unfinished: { at: Date; done: boolean }[] = [];
  const finish = async (entry: { at: Date; done: boolean }) => {
    entry.done = true;
    let through: Date | undefined;
    while (unfinished[0]?.done === true) through = unfinished.shift()?.at;
    if (through === undefined) return;
    position.through = through;
    await save();
  };
  while (!signal.aborted) {
    const next = nextInZone(clockwork.schedule, clockwork.zone, cursor);
    if (next === undefined || (options.until !== undefined && next.at > options.until)) return;
    cursor = next.at;
    // Begun before a stop: finished now, however long ago. Never begun: late only within CATCH_UP_MS.
    if (next.at > position.begun && next.at < catchUpFrom) continue;
    await time.sleepUntil(next.at, signal);
    if (signal.aborted) return;
    const entry = { at: next.at, done: false };
    unfinished.push(entry);
    if (next.at > position.begun) {
      position.begun = next.at;
      await save();
    }
    void (async () => {
      const done = await attempt(clockwork.label, () => clockwork.run(entry.at), options, signal);
      if (done !== undefined) await finish(entry);
    })().catch((error: unknown) => options.onError?.(clockwork.label, error));
  }
}

/**
 * Where a clock stands: `through`, the start of the last occurrence finished with all those before
 * it; `begun`, the start of the last occurrence begun. Those between were begun and not finished
 * when the platform stopped: an occurrence in each customer's local time runs for up to 26 hours,
 * so a restart takes them up again whenever they began, where it used to go back 24 hours at most
 * and dropped the last zones' waves of one begun before. A clock saves its position as it first
 * starts, so an occurrence begun before a first restart is known too.
 */
type ClockPosition = { through: Date; begun: Date };

async function savedPosition(store: ItemStore, key: ItemKey): Promise<ClockPosition | undefined> {
  const saved = await store.get(key);
  const through = typeof saved?.through === 'string' ? new Date(saved.through) : undefined;
  if (through === undefined || Number.isNaN(through.getTime())) return undefined;
  const begun = typeof saved?.begun === 'string' ? new Date(saved.begun) : through;
  return { through, begun: Number.isNaN(begun.getTime()) ? through : begun };
}

/**
 * Runs `work` until it succeeds, waiting `retryAfterMs` of platform time between attempts and
 * telling `onError` of each failure; undefined when it failed with no retry asked, or was stopped.
 */
async function attempt<T>(
  name: string,
  work: () => Promise<T>,
  options: ClockTriggerOptions,
  signal: AbortSignal,
): Promise<{ readonly value: T } | undefined> {
  for (;;) {
    try {
      return { value: await work() };
    } catch (error) {
      options.onError?.(name, error);
      if (options.retryAfterMs === undefined || signal.aborted) return undefined;
      await options.time.sleepUntil(new Date(options.time.now().getTime() + options.retryAfterMs), signal);
      if (signal.aborted) return undefined;
    }
  }
}
