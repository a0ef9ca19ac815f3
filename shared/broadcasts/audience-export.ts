import pMap, { pMapSkip } from 'p-map';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { clockAudience, isAnniversaryTrigger, isScheduleTrigger } from '../../language/trigger-kind.ts';
import { customerConditions } from '../conditions/customer-context.ts';
import { scenarioOf } from '../config/scenario-of.ts';
import { Profile, profileView } from '../profiles/profile.ts';
import { loadAggregates } from '../profiles/store.ts';
import { isAnniversaryOf } from '../schedule/anniversaries.ts';
import { instantAt, resolveTimeZone } from '../schedule/local-time.ts';
import { parseReading } from '../schedule/occurrences.ts';
import type { ItemStore } from '../store/item-store.ts';
import { SORT_PREFIX } from '../store/keys.ts';
import { type AudienceBounds, checkAudienceBounds } from './audience-bounds.ts';

/**
 * The aggregates reads one scan segment keeps in flight for a segment's condition. One at a time,
 * a segment's export waited a DynamoDB round trip per customer, and an occurrence must be taken
 * within the function's 15 minutes. With the 16 segments read at once (SCAN_SEGMENTS), 3 keep 48
 * reads in flight, within the 50 connections the SDK's HTTP handler opens by default.
 */
export const AGGREGATE_READS_AT_ONCE = 3;

/** Who an occurrence reaches at one instant: the customers whose reading it is then. */
export type Wave = { readonly at: string; readonly profileIds: readonly string[] };

export type AudienceExport = {
  readonly scenario: string;
  /** The occurrence's reading, "2027-01-04T10:00". */
  readonly reading: string;
  /** One segment of a parallel scan (locally, the one segment of everything). */
  readonly segment: number;
  readonly segments: number;
};

/**
 * Who one occurrence of a schedule or an anniversary reaches, taken when it begins (in the first
 * zone to reach its reading), from one segment of the customers: each customer of the audience's
 * segment (an anniversary's: those whose date it is) with the instant the occurrence is theirs,
 * grouped into waves by that instant, in time order, each wave's customers in id order. Those of
 * the segment who cannot be reached are in it too: their entry records why. The profile is the
 * item the scan read; only a segment's condition reads more (the aggregates). The audience is taken
 * as of `asOf`, the occurrence's beginning: customers created after it are left out, and a
 * segment's conditions on time read it as their now.
 *
 * The same on AWS and locally: the audience function reads its segments at once and writes the
 * merged waves as files the broadcast's Distributed Map reads (broadcast-plan.ts).
 */
export async function exportAudience(
  store: ItemStore,
  bundle: RuntimeBundle,
  request: AudienceExport,
  asOf: Date,
  /** Shared by the segments of one occurrence, read at once: the export stops past them. */
  bounds: AudienceBounds,
): Promise<Wave[]> {
  const { scenario } = scenarioOf(bundle, { scenario: request.scenario });
  const { trigger } = scenario;
  const schedule = isScheduleTrigger(trigger) ? trigger.schedule : undefined;
  const anniversary = isAnniversaryTrigger(trigger) ? trigger.anniversary : undefined;
  if (schedule === undefined && anniversary === undefined)
    throw new Error(`scenario ${request.scenario} starts on events: it has no audience to export`);
  const segment = clockAudience(trigger)?.segment;
  const reading = parseReading(request.reading);
  const projectZone = bundle.config['time-zone'];
  const zoneOfSchedule = schedule?.['time-zone'] ?? (anniversary === undefined ? projectZone : 'local');
  const waves = new Map<number, string[]>();
  /** The occurrence's instant in each zone met: a few zones for many customers. */
  const instants = new Map<string, number>();
  let after: string | undefined;
  do {
    // Before each page: the export stops with its reason rather than run out of time or memory.
    checkAudienceBounds(bounds, request.scenario, request.reading);
    const page = await store.scanSegment({
      segment: request.segment,
      segments: request.segments,
      sortKeyPrefix: SORT_PREFIX.profile,
      after,
    });
    const candidates: Profile[] = [];
    for (const item of page.items) {
      const profile = Profile.safeParse(item);
      if (!profile.success) continue;
      const { createdAt } = profile.data;
      // A customer created after the occurrence began is not in its audience, however late the
      // export runs (imported profiles, with no creation time, are).
      if (createdAt !== undefined && Date.parse(createdAt) > asOf.getTime()) continue;
      // The date first: it reads nothing, and rules out all but a day's customers of a year.
      if (anniversary !== undefined && !isAnniversaryOf(anniversary, profileView(profile.data), reading))
        continue;
      candidates.push(profile.data);
    }
    // A segment's condition reads each candidate's aggregates: several at once, in page order.
    const members =
      segment === undefined
        ? candidates
        : await pMap(
            candidates,
            async (profile) =>
              (await inSegment(store, bundle, profile, segment, asOf)) ? profile : pMapSkip,
            { concurrency: AGGREGATE_READS_AT_ONCE },
          );
    bounds.taken += members.length;
    for (const { profileId, timeZone } of members) {
      const zone = zoneOfSchedule === 'local' ? resolveTimeZone(timeZone, projectZone) : zoneOfSchedule;
      let at = instants.get(zone);
      if (at === undefined) {
        at = instantAt(reading, zone).getTime();
        instants.set(zone, at);
      }
      const wave = waves.get(at);
      if (wave === undefined) waves.set(at, [profileId]);
      else wave.push(profileId);
    }
    after = page.next;
  } while (after !== undefined);
  return [...waves]
    .sort(([a], [b]) => a - b)
    .map(([at, profileIds]) => ({ at: new Date(at).toISOString(), profileIds: profileIds.sort() }));
}

/**
 * Whether the customer is in the segment now. One whose aggregates cannot be read is counted in:
 * their entry reads everything again and decides, and a failure there names them and is retried,
 * where a failure here would hold back the whole broadcast.
 */
async function inSegment(
  store: ItemStore,
  bundle: RuntimeBundle,
  profile: Profile,
  segment: string,
  now: Date,
): Promise<boolean> {
  try {
    const aggregates = await loadAggregates(store, profile.profileId);
    return customerConditions(bundle.config, profile.profileId, profile, aggregates, {}, now).segment(
      segment,
    );
  } catch {
    return true;
  }
}
