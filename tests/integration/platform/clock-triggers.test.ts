import { describe, expect, it } from 'vitest';
import { startClockTriggers } from '../../../local/platform/clock-triggers.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { localScheduledMachines } from '../../../local/platform/scheduled-machines.ts';
import { Activity } from '../../../local/runtime/activity.ts';
import { VirtualTime } from '../../../local/runtime/time.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys } from '../../../shared/store/keys.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const { bundle } = await buildProject(EXAMPLES_DIR);

/** A store whose reads of one customer's profile fail while `broken` holds. */
function flakyStore(inner: ItemStore, profileId: string, broken: { value: boolean }): ItemStore {
  const failing = keys.profile(profileId);
  return {
    ...inner,
    get: (key, options) => {
      if (broken.value && key.pk === failing.pk && key.sk === failing.sk)
        return Promise.reject(new Error('ProvisionedThroughputExceededException'));
      return inner.get(key, options);
    },
  };
}

describe('the local clock under failure', () => {
  it('enters everyone else when one customer fails, names that customer, and tries again until it goes through, once each', async () => {
    // Prepare: two birthdays on 4 January, one customer whose profile cannot be read for a while
    const time = new VirtualTime(new Date('2027-01-03T12:00:00Z'));
    const broken = { value: true };
    const store = flakyStore(memoryItemStore(), 'bea', broken);
    const birthdays = ['ada', 'bea'].map((profileId) =>
      Profile.parse({
        profileId,
        email: `${profileId}@example.com`,
        timeZone: 'Europe/Paris',
        attributes: { birthDate: '1990-01-04' },
      }),
    );
    await seedProfiles(store, birthdays, time.now());
    const started: string[] = [];
    const startExecution: StartExecution = async ({ input }) => void started.push(input.journey.profileId);
    const emailed: string[] = [];
    const facts = memorySink();
    const errors: string[] = [];
    const activity = new Activity(true);
    // The birthday email is the whole journey: the broadcast sends it in its batch.
    const callbacks = { resumeTask: async () => undefined, failTask: async () => undefined };
    const machines = localScheduledMachines({
      send: {
        store,
        bundle,
        clock: time,
        facts,
        channels: {
          email: {
            send: async (message) => {
              emailed.push(message.to);
              return { messageId: `m-${emailed.length}` };
            },
          },
          sms: { send: async () => ({ messageId: 'unused' }) },
          push: { send: async () => ({ messageId: 'unused', invalidTokens: [] }) },
        },
        unsubscribe: {
          baseUrl: 'https://unsubscribe.example/',
          secrets: ['a-local-secret-of-at-least-thirty-two-characters'],
        },
      },
      startExecution,
      callbacks,
      time,
      activity,
    });
    const clock = startClockTriggers({
      ...machines,
      bundle,
      store,
      time,
      activity,
      only: new Set(['birthday']),
      until: new Date('2027-01-05T00:00:00Z'),
      retryAfterMs: 60_000,
      onError: (scenario, error) =>
        errors.push(`${scenario}: ${error instanceof Error ? error.message : String(error)}`),
    });

    // Act: 09:00 in Paris, then three retries a minute apart, the store mended after the second
    const runUntil = async (at: string) => {
      for (;;) {
        await activity.quiescent();
        const next = time.nextWakeUp();
        if (next === undefined || next > new Date(at)) return;
        time.wakeNext();
      }
    };
    await runUntil('2027-01-04T08:01:30Z');
    broken.value = false;
    await runUntil('2027-01-04T12:00:00Z');
    clock.stop();

    // Assess
    expect(errors).toEqual([
      'birthday: Execution has failed with the following error: broadcast birthday 2027-01-04T09:00: 1 recipient(s) not entered yet (bea): ProvisionedThroughputExceededException',
      'birthday: Execution has failed with the following error: broadcast birthday 2027-01-04T09:00: 1 recipient(s) not entered yet (bea): ProvisionedThroughputExceededException',
    ]);
    expect(emailed.sort()).toEqual(['ada@example.com', 'bea@example.com']);
    expect(started).toEqual([]);
  });
});
