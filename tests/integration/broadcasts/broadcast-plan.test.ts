import { describe, expect, it } from 'vitest';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import type { Trigger } from '../../../language/trigger.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { planBroadcast } from '../../../shared/broadcasts/broadcast-plan.ts';
import { UNPACED } from '../../../shared/broadcasts/pace.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const { bundle: examples } = await buildProject(EXAMPLES_DIR);

/** The examples' newsletter, sent every other Monday at 10:00 in Paris from 7 December. */
function everyOtherMonday(): RuntimeBundle {
  const newsletter = examples.scenarios['monthly-newsletter'];
  if (newsletter === undefined) throw new Error('no newsletter');
  const trigger: Trigger = {
    schedule: {
      every: '2w',
      starting: '2026-12-07T10:00',
      'time-zone': 'Europe/Paris',
      audience: { reachable: 'email' },
    },
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
  it('plans the days of an `every` cycle and nothing on the days between, which Scheduler fires too', async () => {
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
        { store, bundle, clock, files: memoryAudienceFiles(), pace: async () => UNPACED, scanSegments: 3 },
      );

    // Act: the start, a week in (between two occurrences), two weeks in, and a time that is none.
    const [start, between, next, offTime] = await Promise.all([
      plan('2026-12-07T09:00:00Z'),
      plan('2026-12-14T09:00:00Z'),
      plan('2026-12-21T09:00:00Z'),
      plan('2026-12-21T09:30:00Z'),
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
    expect(offTime).toMatchObject({ waveCount: 0, waves: [] });
  });
});
