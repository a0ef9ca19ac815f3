import { type ClockSchedule, clockSchedule, dailyCron } from '../../language/clock-schedule.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Schedule } from '../../language/trigger.ts';
import { nextInZone, readingText } from '../../shared/schedule/occurrences.ts';
import { SWEEP_AT, sweepNeeded } from '../../shared/segments/sweep-segment.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { keys } from '../../shared/store/keys.ts';
import type { Activity } from '../runtime/activity.ts';
import type { TimeSource } from '../runtime/time.ts';

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
  /** Told of work that failed (naming each customer it failed for). */
  readonly onError?: (scenario: string, error: unknown) => void;
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

/**
 * Something the platform does at times of its own: when it next begins after a cursor, what it
 * does then, and what it leaves for later instants (a broadcast's waves).
 */
type Clockwork = {
  /** Keys its cursor in the store: a scenario id, or a name no scenario can have. */
  readonly name: string;
  next(cursor: Date): { readonly at: Date; readonly reading: string } | undefined;
  begin(firing: { readonly at: Date; readonly reading: string }): Promise<readonly Later[]>;
};

/**
 * Work for a later instant of an occurrence begun. Unlike `begin`, it is not work in flight as a
 * whole (it may wait in platform time): what it does in flight goes through the activity itself.
 */
type Later = { readonly at: Date; run(): Promise<void> };

/** The cursor name of the segment sweep: "#" is in no scenario id. */
const SWEEP = '#segment-sweep';

/** Starts every scenario's clock, and the daily segment sweep; `stop` ends them (work in progress finishes). */
export function startClockTriggers(options: ClockTriggerOptions): { stop(): void } {
  const stopped = new AbortController();
  const clockworks: Clockwork[] = [];
  for (const scenarioId of Object.keys(options.bundle.scenarios)) {
    if (options.only !== undefined && !options.only.has(scenarioId)) continue;
    const trigger = options.bundle.scenarios[scenarioId]?.scenario.trigger;
    const plan =
      trigger === undefined ? undefined : clockSchedule(trigger, options.bundle.config['time-zone']);
    if (plan !== undefined) clockworks.push(scenarioClock(scenarioId, plan, options));
  }
  const taken = Object.values(options.bundle.scenarios)
    .map(({ scenario }) => scenario)
    .filter((scenario) => options.only === undefined || options.only.has(scenario.id));
  if (sweepNeeded(options.bundle.config.segments, taken)) clockworks.push(segmentSweep(options));
  for (const clockwork of clockworks) {
    void runClock(clockwork, options, stopped.signal).catch((error: unknown) =>
      options.onError?.(clockwork.name, error),
    );
  }
  return { stop: () => stopped.abort() };
}

function scenarioClock(scenarioId: string, plan: ClockSchedule, options: ClockTriggerOptions): Clockwork {
  return {
    name: scenarioId,
    next: (cursor) => {
      const next = nextInZone(plan.schedule, plan.startZone, cursor);
      return next === undefined ? undefined : { at: next.at, reading: readingText(next.reading) };
    },
    // What Scheduler starts on AWS: the broadcast state machine, which waits for each wave in
    // platform time. Its steps are work in flight of their own (the runner's), so the clock only
    // waits for its end, to retry it or to move its cursor past it.
    begin: async ({ at }) => [{ at, run: () => options.broadcast(scenarioId, at) }],
  };
}

/**
 * Segments move with events (ingest), and with time or a journey's update-profile step: the sweep
 * looks at every customer once a day. It runs when a scenario starts on a segment transition, or
 * waits for one; otherwise nothing would read what it records.
 */
function segmentSweep(options: ClockTriggerOptions): Clockwork {
  const zone = options.bundle.config['time-zone'];
  const daily: Schedule = { cron: dailyCron(SWEEP_AT), audience: {} };
  return {
    name: SWEEP,
    next: (cursor) => {
      const next = nextInZone(daily, zone, cursor);
      return next === undefined ? undefined : { at: next.at, reading: readingText(next.reading) };
    },
    // What Scheduler starts on AWS: the sweep's state machine, whose steps are work in flight of
    // their own (see scenarioClock).
    begin: async ({ at }) => [{ at, run: () => options.sweep(at) }],
  };
}

/**
 * Runs a clockwork: sleeps until each occurrence begins, begins it, and leaves its waves to run at
 * their instants while the next occurrence is awaited (the waves of a day's anniversaries reach
 * the last zones after the next day's have begun in the first). The cursor stored is the start of
 * the last occurrence finished with all those before it, so a restart finishes what a stop cut.
 */
async function runClock(clockwork: Clockwork, options: ClockTriggerOptions, signal: AbortSignal) {
  const { store, time, activity } = options;
  // Reading the store is work in flight like any other: a simulation may not move its clock
  // before this clock has said when it wakes next.
  let cursor = await activity.run(() => startingCursor(store, clockwork.name, time.now()));
  const unfinished: { at: Date; done: boolean }[] = [];
  const finish = async (entry: { at: Date; done: boolean }) => {
    entry.done = true;
    let through: Date | undefined;
    while (unfinished[0]?.done === true) through = unfinished.shift()?.at;
    if (through !== undefined) {
      const at = through.toISOString();
      await activity.run(() => store.put({ ...keys.clockCursor(clockwork.name), through: at }));
    }
  };
  while (!signal.aborted) {
    const firing = clockwork.next(cursor);
    if (firing === undefined || (options.until !== undefined && firing.at > options.until)) return;
    await time.sleepUntil(firing.at, signal);
    if (signal.aborted) return;
    const begun = await attempt(
      clockwork.name,
      () => activity.run(() => clockwork.begin(firing)),
      options,
      signal,
    );
    if (begun === undefined) return;
    const entry = { at: firing.at, done: false };
    unfinished.push(entry);
    void (async () => {
      for (const work of begun.value) {
        await time.sleepUntil(work.at, signal);
        if (signal.aborted) return;
        const done = await attempt(clockwork.name, () => work.run(), options, signal);
        if (done === undefined) return;
      }
      await finish(entry);
    })().catch((error: unknown) => options.onError?.(clockwork.name, error));
    cursor = firing.at;
  }
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

/** Where a clock goes on from: where it stopped, if that is under CATCH_UP_MS ago, else now. */
async function startingCursor(store: ItemStore, name: string, now: Date): Promise<Date> {
  const saved = await store.get(keys.clockCursor(name));
  const savedAt = typeof saved?.through === 'string' ? Date.parse(saved.through) : Number.NaN;
  return new Date(Number.isNaN(savedAt) ? now.getTime() : Math.max(savedAt, now.getTime() - CATCH_UP_MS));
}
