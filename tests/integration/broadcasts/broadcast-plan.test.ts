import { describe, expect, it } from 'vitest';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import type { Audience, Trigger } from '../../../language/trigger.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { AGGREGATE_READS_AT_ONCE } from '../../../shared/broadcasts/audience-export.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { planBroadcast } from '../../../shared/broadcasts/broadcast-plan.ts';
import { UNPACED } from '../../../shared/broadcasts/pace.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { recordingTasks } from '../../helpers/ingest-fixtures.ts';
import { WHOLE_INVOCATION } from './broadcast-fixture.ts';

const { bundle: examples } = await buildProject(EXAMPLES_DIR);

/**
 * The examples' newsletter, sent every other Monday at 10:00 in Paris from 7 December, to those
 * of `audience`.
 */
function everyOtherMonday(audience: Audience = { reachable: 'email' }): RuntimeBundle {
  const newsletter = examples.scenarios['monthly-newsletter'];
  if (newsletter === undefined) throw new Error('no newsletter');
  const trigger: Trigger = {
    schedule: { every: '2w', starting: '2026-12-07T10:00', 'time-zone': 'Europe/Paris', audience },
  };
  return {
    ...examples,
    scenarios: {
      ...examples.scenarios,
      'monthly-newsletter': { ...newsletter, scenario: { ...newsletter.scenario, trigger } },
    },
  };
}

describe('planning a broadcast when Scheduler fires', () => {
  it('plans the days of an `every` cycle, nothing on the days between, which Scheduler fires too, and refuses other times', async () => {
    // Prepare: Scheduler fires an `every` schedule daily at its time (schedule-expression.ts).
    const bundle = everyOtherMonday();
    const clock = new ManualClock('2026-12-01T00:00:00Z');
    const store = memoryItemStore();
    await seedProfiles(
      store,
      ['ana', 'ben', 'cal'].map((profileId) =>
        Profile.parse({ profileId, email: `${profileId}@example.com` }),
      ),
      clock.now(),
    );
    const plan = (scheduledTime: string) =>
      planBroadcast(
        { scenario: 'monthly-newsletter', scheduledTime },
        { store, bundle, files: memoryAudienceFiles(), pace: async () => UNPACED, scanSegments: 3 },
        WHOLE_INVOCATION,
      );

    // Act: the start, a week in (between two occurrences), two weeks in, and a time Scheduler
    // never fires (started by hand at 10:30).
    const [start, between, next, offTime] = await Promise.all([
      plan('2026-12-07T09:00:00Z'),
      plan('2026-12-14T09:00:00Z'),
      plan('2026-12-21T09:00:00Z'),
      plan('2026-12-21T09:30:00Z').catch((error: unknown) => error),
    ]);

    // Assess: 10:00 in Paris is 09:00 UTC in December; the three customers, merged from three scan
    // segments into one wave.
    expect(start).toMatchObject({
      occurrence: { scenario: 'monthly-newsletter', form: 'schedule', reading: '2026-12-07T10:00' },
      waveCount: 1,
      recipients: 3,
      waves: [{ at: '2026-12-07T09:00:00.000Z', count: 3 }],
    });
    expect(next).toMatchObject({ waveCount: 1, recipients: 3, occurrence: { reading: '2026-12-21T10:00' } });
    expect(between).toMatchObject({
      waveCount: 0,
      recipients: 0,
      waves: [],
      occurrence: { reading: '2026-12-14T10:00' },
    });
    expect(offTime).toMatchObject({
      name: ERROR_NAMES.invalidInput,
      message: expect.stringContaining(
        'the one before is 2026-12-21T10:00 (scheduledTime 2026-12-21T09:00:00.000Z), the one after 2027-01-04T10:00 (scheduledTime 2027-01-04T09:00:00.000Z)',
      ),
    });
  });

  it('takes the audience as it was when the occurrence began, however late the export runs', async () => {
    // Prepare: a newsletter to the lapsed (last order over 60 days old) at 10:00 in Paris on
    // 7 December (09:00 UTC); an export that runs after customers joined and time moved on, as
    // Scheduler's retries do. Ada's last order turns 60 days old an hour after the beginning,
    // Bea's is older, and Cy, whose order is as old, was created half an hour after it.
    const bundle = everyOtherMonday({ segment: 'lapsed', reachable: 'email' });
    const store = memoryItemStore();
    const customer = (profileId: string, createdAt: string) =>
      Profile.parse({ profileId, email: `${profileId}@example.com`, createdAt });
    await seedProfiles(
      store,
      [
        customer('ada', '2026-09-01T00:00:00Z'),
        customer('bea', '2026-09-01T00:00:00Z'),
        customer('cy', '2026-12-07T09:30:00Z'),
      ],
      new Date('2026-12-07T09:30:00Z'),
    );
    const order = (profileId: string, time: string) => ({
      id: `order-${profileId}`,
      source: 'shop',
      'detail-type': 'order.placed',
      time,
      detail: { profileId, orderId: `o-${profileId}`, total: 10 },
    });
    const ingested = await ingestEvents(
      [
        order('ada', '2026-10-08T10:00:00Z'),
        order('bea', '2026-09-10T10:00:00Z'),
        order('cy', '2026-09-10T10:00:00Z'),
      ],
      { store, bundle, clock: new ManualClock('2026-12-07T11:00:00Z'), ...recordingTasks() },
    );
    expect(ingested).toMatchObject({ rejected: [] });

    // Act
    const plan = await planBroadcast(
      { scenario: 'monthly-newsletter', scheduledTime: '2026-12-07T09:00:00Z' },
      { store, bundle, files: memoryAudienceFiles(), pace: async () => UNPACED, scanSegments: 2 },
      WHOLE_INVOCATION,
    );

    // Assess: Bea alone was lapsed and a customer when it began
    expect(plan).toMatchObject({ recipients: 1, waves: [{ at: '2026-12-07T09:00:00.000Z', count: 1 }] });
  });

  it("reads several customers' aggregates at once for a segment, and keeps the audience in id order", async () => {
    // Prepare: twelve customers, the even ones lapsed (an order 90 days before the occurrence),
    // on a store whose reads of aggregates take a moment, so reads in flight overlap when they can.
    const bundle = everyOtherMonday({ segment: 'lapsed', reachable: 'email' });
    const base = memoryItemStore();
    const ids = Array.from({ length: 12 }, (_, index) => `c-${String(index).padStart(2, '0')}`);
    await seedProfiles(
      base,
      ids.map((profileId) =>
        Profile.parse({ profileId, email: `${profileId}@example.com`, createdAt: '2026-01-01T00:00:00Z' }),
      ),
      new Date('2026-12-01T00:00:00Z'),
    );
    const ingested = await ingestEvents(
      ids.map((profileId, index) => ({
        id: `order-${profileId}`,
        source: 'shop',
        'detail-type': 'order.placed',
        time: index % 2 === 0 ? '2026-09-08T10:00:00Z' : '2026-12-01T10:00:00Z',
        detail: { profileId, orderId: `o-${profileId}`, total: 10 },
      })),
      { store: base, bundle, clock: new ManualClock('2026-12-02T00:00:00Z'), ...recordingTasks() },
    );
    expect(ingested).toMatchObject({ rejected: [] });
    let inFlight = 0;
    let mostInFlight = 0;
    const store: ItemStore = {
      ...base,
      get: async (key, options) => {
        if (key.sk !== 'AGGREGATES') return base.get(key, options);
        inFlight += 1;
        mostInFlight = Math.max(mostInFlight, inFlight);
        await new Promise((resolve) => setTimeout(resolve, 5));
        inFlight -= 1;
        return base.get(key, options);
      },
    };

    // Act: one scan segment, so any overlap is within it
    const files = memoryAudienceFiles();
    const plan = await planBroadcast(
      { scenario: 'monthly-newsletter', scheduledTime: '2026-12-07T09:00:00Z' },
      { store, bundle, files, pace: async () => UNPACED, scanSegments: 1 },
      WHOLE_INVOCATION,
    );

    // Assess
    expect(mostInFlight).toBe(AGGREGATE_READS_AT_ONCE);
    expect(plan).toMatchObject({ recipients: 6, waves: [{ count: 6 }] });
    const [wave] = plan.waves;
    expect((await files.read(wave?.key ?? '')).map((line) => JSON.parse(line).profileId)).toEqual(
      ids.filter((_, index) => index % 2 === 0),
    );
  });
});
