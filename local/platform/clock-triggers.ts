import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { Schedule } from '../../language/trigger.ts';
import {
  EARLIEST_ZONE,
  isAnniversaryTrigger,
  isScheduleTrigger,
  isSegmentTrigger,
} from '../../language/trigger-kind.ts';
import { enterOccurrence } from '../../shared/broadcasts/occurrence-entry.ts';
import type { Occurrence } from '../../shared/broadcasts/occurrence-event.ts';
import type { IngestDeps } from '../../shared/ingest/ingest-events.ts';
import type { EntryStartDeps } from '../../shared/ingest/start-triggered-journeys.ts';
import { resolveTimeZone } from '../../shared/schedule/local-time.ts';
import {
  localDelivery,
  nextInZone,
  nextReading,
  type Reading,
  readingAt,
  readingText,
} from '../../shared/schedule/occurrences.ts';
import { sweepCustomer } from '../../shared/segments/sweep.ts';
import type { ItemStore, StoredItem } from '../../shared/store/item-store.ts';
import { keys, SORT_PREFIX } from '../../shared/store/keys.ts';
import type { Activity } from '../runtime/activity.ts';
import type { TimeSource } from '../runtime/time.ts';

/**
 * The local platform's EventBridge Scheduler: it fires each scenario's schedule or anniversary in
 * platform time (sped up for `npm start`, virtual in `simulate`) and enters the audience, customer
 * by customer, through the same entry as the deployed broadcast. A schedule in one zone fires once
 * per occurrence; in each customer's local time ("time-zone: local", and every anniversary) it
 * fires once per zone the customers live in, at that zone's reading.
 */
export type ClockTriggerOptions = {
  readonly bundle: RuntimeBundle;
  readonly store: ItemStore;
  readonly time: TimeSource;
  readonly activity: Activity;
  /** Ingest's dependencies, with the platform's StartExecution: entries and transitions go through them. */
  readonly deps: IngestDeps & EntryStartDeps;
  /** Only these scenarios fire (`simulate --scenario`); all when absent. */
  readonly only?: ReadonlySet<string> | undefined;
  /** Nothing fires after this instant (the end of a simulation). */
  readonly until?: Date | undefined;
  /** Told of a firing that failed (naming each customer it failed for). */
  readonly onError?: (scenario: string, error: unknown) => void;
  /**
   * How long after a failed firing it is tried again, in platform time; without it the clock
   * stops there (a simulation, which then fails with the error).
   */
  readonly retryAfterMs?: number | undefined;
};

/**
 * How late a missed occurrence is still delivered when the platform starts again: EventBridge
 * Scheduler retries an invocation for 24 hours by default, then drops it.
 */
export const CATCH_UP_MS = 24 * 3_600_000;

/** What a scenario's clock fires: its schedule (an anniversary is a daily schedule in local time). */
type Plan = {
  readonly form: Occurrence['form'];
  readonly schedule: Schedule;
  readonly zone: string | 'local';
};

export function clockPlan(bundle: RuntimeBundle, scenarioId: string): Plan | undefined {
  const { trigger } = bundle.scenarios[scenarioId]?.scenario ?? {};
  if (trigger === undefined) return undefined;
  if (isScheduleTrigger(trigger)) {
    const { schedule } = trigger;
    return { form: 'schedule', schedule, zone: schedule['time-zone'] ?? bundle.config['time-zone'] };
  }
  if (isAnniversaryTrigger(trigger)) {
    const { at, audience } = trigger.anniversary;
    const [hour, minute] = at.split(':');
    const daily: Schedule = { cron: `${Number(minute)} ${Number(hour)} * * ? *`, audience: audience ?? {} };
    return { form: 'anniversary', schedule: daily, zone: 'local' };
  }
  return undefined;
}

/** One firing: the zones (all customers, for a schedule in one zone) whose reading is now. */
type Firing = {
  readonly at: Date;
  readonly deliveries: readonly { zone: string | undefined; reading: Reading }[];
};

/** Something the platform does at times of its own: when next after a cursor, and what then. */
type Clockwork = {
  /** Keys its cursor in the store: a scenario id, or a name no scenario can have. */
  readonly name: string;
  next(cursor: Date): Promise<Firing | undefined>;
  fire(firing: Firing): Promise<void>;
};

/** The cursor name of the segment sweep: "#" is in no scenario id. */
const SWEEP = '#segment-sweep';
/**
 * When the daily sweep runs, in the project's zone: after the night, so that a journey it starts
 * ("no order for 60 days") sends in the morning rather than at midnight.
 */
export const SWEEP_AT = '09:00';

/** Starts every scenario's clock, and the daily segment sweep; `stop` ends them (a firing in progress finishes). */
export function startClockTriggers(options: ClockTriggerOptions): { stop(): void } {
  const stopped = new AbortController();
  const clockworks: Clockwork[] = [];
  for (const scenarioId of Object.keys(options.bundle.scenarios)) {
    if (options.only !== undefined && !options.only.has(scenarioId)) continue;
    const plan = clockPlan(options.bundle, scenarioId);
    if (plan !== undefined) clockworks.push(scenarioClock(scenarioId, plan, options));
  }
  if (sweepNeeded(options.bundle, options.only)) clockworks.push(segmentSweep(options));
  for (const clockwork of clockworks) {
    void runClock(clockwork, options, stopped.signal).catch((error: unknown) =>
      options.onError?.(clockwork.name, error),
    );
  }
  return { stop: () => stopped.abort() };
}

function scenarioClock(scenarioId: string, plan: Plan, options: ClockTriggerOptions): Clockwork {
  const { store } = options;
  const fallbackZone = options.bundle.config['time-zone'];
  return {
    name: scenarioId,
    next: async (cursor) =>
      nextFiring(plan, cursor, plan.zone === 'local' ? await customerZones(store, fallbackZone) : undefined),
    fire: async (firing) => {
      for (const { zone, reading } of firing.deliveries) {
        const occurrence: Occurrence = {
          scenario: scenarioId,
          form: plan.form,
          reading: readingText(reading),
        };
        await forEachCustomer(
          await profilesIn(store, zone, fallbackZone),
          `${scenarioId} ${occurrence.reading}`,
          (profileId) => enterOccurrence(occurrence, profileId, firing.at, options.deps),
        );
      }
    },
  };
}

/**
 * Does `work` for each customer, and one customer's failure (a store error, a profile the store
 * refuses) stops neither the others nor the clock: the failures are thrown together at the end,
 * each naming its customer, and the firing is tried again (see runClock); those that went through
 * find their decision taken.
 */
async function forEachCustomer(
  profileIds: readonly string[],
  what: string,
  work: (profileId: string) => Promise<unknown>,
): Promise<void> {
  const failed: string[] = [];
  for (const profileId of profileIds) {
    try {
      await work(profileId);
    } catch (error) {
      failed.push(`${profileId} (${error instanceof Error ? error.message : String(error)})`);
    }
  }
  if (failed.length > 0) {
    const shown = failed.slice(0, MAX_NAMED_FAILURES).join(', ');
    const more = failed.length > MAX_NAMED_FAILURES ? ` and ${failed.length - MAX_NAMED_FAILURES} more` : '';
    throw new Error(`${what}: ${failed.length} customer(s) failed: ${shown}${more}`);
  }
}

const MAX_NAMED_FAILURES = 5;

/**
 * Segments move with events (ingest), and with time or a journey's update-profile step: the sweep
 * looks at every customer once a day. It runs when a scenario starts on a segment transition, or
 * waits for one; otherwise nothing would read what it records.
 */
function segmentSweep(options: ClockTriggerOptions): Clockwork {
  const zone = options.bundle.config['time-zone'];
  const daily: Schedule = {
    cron: `${Number(SWEEP_AT.slice(3))} ${Number(SWEEP_AT.slice(0, 2))} * * ? *`,
    audience: {},
  };
  return {
    name: SWEEP,
    next: async (cursor) => {
      const next = nextInZone(daily, zone, cursor);
      return next === undefined
        ? undefined
        : { at: next.at, deliveries: [{ zone: undefined, reading: next.reading }] };
    },
    fire: async (firing) => {
      const day = readingText(readingAt(firing.at, zone)).slice(0, 10);
      await forEachCustomer(
        await profilesIn(options.store, undefined, zone),
        `segment sweep ${day}`,
        (profileId) => sweepCustomer(profileId, { day }, options.deps),
      );
    },
  };
}

function sweepNeeded(bundle: RuntimeBundle, only: ReadonlySet<string> | undefined): boolean {
  if (Object.keys(bundle.config.segments).length === 0) return false;
  return Object.values(bundle.scenarios).some(
    ({ scenario }) =>
      (only === undefined || only.has(scenario.id)) &&
      (isSegmentTrigger(scenario.trigger) ||
        JSON.stringify(scenario.steps).includes(PARCOURS_SOURCES.segments)),
  );
}

async function runClock(clockwork: Clockwork, options: ClockTriggerOptions, signal: AbortSignal) {
  const { store, time, activity } = options;
  // Reading the store is work in flight like any other: a simulation may not move its clock
  // before this clock has said when it wakes next.
  let cursor = await activity.run(() => startingCursor(store, clockwork.name, time.now()));
  while (!signal.aborted) {
    const from = cursor;
    const firing = await activity.run(() => clockwork.next(from));
    if (firing === undefined || (options.until !== undefined && firing.at > options.until)) return;
    await time.sleepUntil(firing.at, signal);
    if (signal.aborted) return;
    const fired = await activity.run(async () => {
      try {
        await clockwork.fire(firing);
      } catch (error) {
        options.onError?.(clockwork.name, error);
        return false;
      }
      await store.put({ ...keys.clockCursor(clockwork.name), through: firing.at.toISOString() });
      return true;
    });
    if (fired) cursor = firing.at;
    else if (options.retryAfterMs === undefined) return;
    // The same firing again later: what went through is found done (the entries are idempotent).
    else await time.sleepUntil(new Date(time.now().getTime() + options.retryAfterMs), signal);
  }
}

/** Where a clock goes on from: where it stopped, if that is under CATCH_UP_MS ago, else now. */
async function startingCursor(store: ItemStore, scenarioId: string, now: Date): Promise<Date> {
  const saved = await store.get(keys.clockCursor(scenarioId));
  const savedAt = typeof saved?.through === 'string' ? Date.parse(saved.through) : Number.NaN;
  return new Date(Number.isNaN(savedAt) ? now.getTime() : Math.max(savedAt, now.getTime() - CATCH_UP_MS));
}

/** The next instant after `cursor` some customer's reading comes, and whose it is. */
export function nextFiring(
  plan: Plan,
  cursor: Date,
  zones: ReadonlySet<string> | undefined,
): Firing | undefined {
  if (plan.zone !== 'local') {
    const next = nextInZone(plan.schedule, plan.zone, cursor);
    return next === undefined
      ? undefined
      : { at: next.at, deliveries: [{ zone: undefined, reading: next.reading }] };
  }
  let earliest: Firing | undefined;
  for (const zone of zones ?? []) {
    const next = nextLocalDelivery(plan.schedule, zone, cursor);
    if (next === undefined) continue;
    const delivery = { zone, reading: next.reading };
    if (earliest === undefined || next.at < earliest.at) earliest = { at: next.at, deliveries: [delivery] };
    else if (next.at.getTime() === earliest.at.getTime())
      earliest = { ...earliest, deliveries: [...earliest.deliveries, delivery] };
  }
  return earliest;
}

/** A zone's next reading delivered after `cursor` (a reading its clocks skip comes at the change). */
function nextLocalDelivery(
  schedule: Schedule,
  zone: string,
  cursor: Date,
): { reading: Reading; at: Date } | undefined {
  // A skipped reading is delivered at the change, which may read after it: start a day back.
  let from = readingAt(new Date(cursor.getTime() - 86_400_000), zone);
  for (;;) {
    const reading = nextReading(schedule, from);
    if (reading === undefined) return undefined;
    const at = localDelivery(reading, zone);
    if (at > cursor) return { reading, at };
    from = reading;
  }
}

/**
 * Each zone customers are delivered in (their own when valid, else the project's), and
 * EARLIEST_ZONE: its turn comes first in every occurrence, so the customers' zones are read again
 * then, and a customer who moved or arrived since is delivered at their own zone's reading.
 */
async function customerZones(store: ItemStore, fallback: string): Promise<Set<string>> {
  const zones = new Set<string>([EARLIEST_ZONE, fallback]);
  for (const item of await profileItems(store)) zones.add(zoneOf(item, fallback));
  return zones;
}

/** The customers delivered in `zone` (every customer when undefined), in a stable order. */
async function profilesIn(store: ItemStore, zone: string | undefined, fallback: string): Promise<string[]> {
  return (await profileItems(store))
    .filter((item) => zone === undefined || zoneOf(item, fallback) === zone)
    .flatMap((item) => (typeof item.profileId === 'string' ? [item.profileId] : []))
    .sort();
}

function profileItems(store: ItemStore): Promise<StoredItem[]> {
  return store.scan({ sortKeyPrefix: SORT_PREFIX.profile });
}

function zoneOf(item: StoredItem, fallback: string): string {
  return resolveTimeZone(item.timeZone, fallback);
}
