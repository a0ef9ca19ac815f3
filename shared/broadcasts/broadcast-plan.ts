import * as z from 'zod/mini';
import { BROADCAST_PREFIXES } from '../../language/broadcast-files.ts';
import { clockSchedule } from '../../language/clock-schedule.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { readingAt, readingText } from '../schedule/occurrences.ts';
import type { ItemStore } from '../store/item-store.ts';
import { audienceBounds } from './audience-bounds.ts';
import { exportAudience, type Wave } from './audience-export.ts';
import type { AudienceFiles } from './audience-files.ts';
import { Occurrence } from './occurrence-event.ts';
import { type BroadcastPace, UNPACED } from './pace.ts';
import { firesAt, notAnOccurrence, schedulerFirings } from './scheduler-firings.ts';

/** What EventBridge Scheduler starts a broadcast with (and what a person may start one with by hand). */
export const BroadcastStart = z.object({
  scenario: z.string().check(z.minLength(1)),
  /**
   * When the occurrence begins: Scheduler's `<aws.scheduler.scheduled-time>`. Started by hand, the
   * same instant (for local time, the reading in UTC+14: "2027-01-03T20:00:00Z" for 2027-01-04T10:00).
   */
  scheduledTime: z.iso.datetime({ offset: true }),
});
export type BroadcastStart = z.infer<typeof BroadcastStart>;

export const PlannedWave = z.object({
  /** When the wave's customers are reached (ISO 8601, UTC). */
  at: z.iso.datetime(),
  /** Its JSON Lines file of recipients. */
  key: z.string(),
  count: z.number(),
});
export type PlannedWave = z.infer<typeof PlannedWave>;

/** What the broadcast's state machine walks: the occurrence, its waves in time order, the pace. */
export const BroadcastPlan = z.object({
  occurrence: Occurrence,
  waves: z.array(PlannedWave),
  waveCount: z.number(),
  recipients: z.number(),
  concurrency: z.number(),
  ratePerSecond: z.number(),
});
export type BroadcastPlan = z.infer<typeof BroadcastPlan>;

export type BroadcastPlanDeps = {
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  readonly files: AudienceFiles;
  /** How fast to send: under the account's SES send rate on AWS (see pace.ts), unpaced locally. */
  readonly pace: () => Promise<BroadcastPace>;
  /** Segments of the parallel scan, read at once. */
  readonly scanSegments: number;
};

/**
 * Plans one occurrence of a clock-started scenario, as it begins: which occurrence the schedule
 * fired for (none on the days an `every` cycle skips, since Scheduler fires it daily; a start at
 * a time Scheduler never fires is refused), its audience by a parallel scan of the customers
 * written as one file per wave, and the pace.
 *
 * A parallel scan rather than an index: the audience is a condition on each profile and its
 * aggregates (a segment), which no key can hold, and an index on every profile would add a write
 * to each profile change for a read done a few times a month. The scan reads the whole table once
 * per occurrence, at half a read unit per 4 KB.
 */
export async function planBroadcast(
  start: BroadcastStart,
  deps: BroadcastPlanDeps,
  /** How long the invocation may still run: the audience function's context says. */
  remainingMs: () => number,
): Promise<BroadcastPlan> {
  const { scenario } = scenarioOf(deps.bundle, { scenario: start.scenario });
  const clock = clockSchedule(scenario.trigger, deps.bundle.config['time-zone']);
  if (clock === undefined)
    throw new Error(`scenario ${start.scenario} starts on events: it has no broadcast to plan`);
  const scheduled = new Date(start.scheduledTime);
  // Scheduler fires at the occurrence's beginning: the schedule's next reading from just before.
  const isOccurrence = firesAt(clock.schedule, clock.startZone, scheduled);
  // Only Scheduler's own firings of an `every` cycle, daily, may fall outside it. Any other time
  // (a start by hand with the wrong reading or zone) is refused, naming the times that would do:
  // planning nothing for it would end the execution "Delivered" with nothing sent.
  if (!isOccurrence && !firesAt(schedulerFirings(clock.schedule), clock.startZone, scheduled))
    throw notAnOccurrence(start.scenario, start.scheduledTime, clock);
  const reading = readingText(readingAt(scheduled, clock.startZone));
  const occurrence: Occurrence = { scenario: start.scenario, form: clock.form, reading };
  // Nothing is delivered on a day Scheduler fires outside the cycle: no need to ask SES.
  if (!isOccurrence) return { occurrence, waves: [], waveCount: 0, recipients: 0, ...UNPACED };
  const pace = await deps.pace();

  // The audience as it was when the occurrence began, even when this runs later (Scheduler
  // retries for 24 hours): a retried export took in customers who joined since, and read a
  // segment's "within 30 days" from the retry's time.
  const asOf = scheduled;
  const bounds = audienceBounds(remainingMs);
  const segments = await Promise.all(
    Array.from({ length: deps.scanSegments }, (_, segment) =>
      exportAudience(
        deps.store,
        deps.bundle,
        { scenario: start.scenario, reading, segment, segments: deps.scanSegments },
        asOf,
        bounds,
      ),
    ),
  );
  const waves: PlannedWave[] = [];
  for (const wave of mergeWaves(segments.flat())) {
    const key = `${BROADCAST_PREFIXES.audiences}${start.scenario}/${reading.replace(':', '')}/${wave.at.replaceAll(':', '')}.jsonl`;
    await deps.files.write(
      key,
      wave.profileIds.map((profileId) => JSON.stringify({ profileId })),
    );
    waves.push({ at: wave.at, key, count: wave.profileIds.length });
  }
  const recipients = waves.reduce((sum, wave) => sum + wave.count, 0);
  return { occurrence, waves, waveCount: waves.length, recipients, ...pace };
}

/** The segments' waves as one list: a wave per instant, in time order, its customers in id order. */
function mergeWaves(waves: readonly Wave[]): Wave[] {
  const byInstant = new Map<string, string[]>();
  for (const wave of waves) {
    const merged = byInstant.get(wave.at);
    if (merged === undefined) byInstant.set(wave.at, [...wave.profileIds]);
    else for (const profileId of wave.profileIds) merged.push(profileId);
  }
  return [...byInstant]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([at, profileIds]) => ({ at, profileIds: profileIds.sort() }));
}
