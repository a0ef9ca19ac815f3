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

/**
 * The local platform's clock and scheduled machines over `store`, from `start`, with the birthday
 * scenario alone: emails are recorded, journeys started are listed, and `runUntil` moves the
 * virtual time, letting all the work of each instant finish.
 */
function birthdayClock(store: ItemStore, start: string, until: string) {
  const time = new VirtualTime(new Date(start));
  const started: string[] = [];
  const startExecution: StartExecution = async ({ input }) => void started.push(input.journey.profileId);
  const emailed: string[] = [];
  const errors: string[] = [];
  const activity = new Activity(true);
  // The birthday email is the whole journey: the broadcast sends it in its batch.
  const callbacks = { resumeTask: async () => undefined, failTask: async () => undefined };
  const machines = localScheduledMachines({
    send: {
      store,
      bundle,
      clock: time,
      facts: memorySink(),
      channels: {
        email: {
          send: async (message) => {
            emailed.push(message.to);
            return { messageId: `m-${emailed.length}-${time.now().getTime()}` };
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
    until: new Date(until),
    retryAfterMs: 60_000,
    onError: (scenario, error) =>
      errors.push(`${scenario}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const runUntil = async (at: string) => {
    for (;;) {
      await activity.quiescent();
      const next = time.nextWakeUp();
      if (next === undefined || next > new Date(at)) return;
      time.wakeNext();
    }
  };
  const stop = async () => {
    clock.stop();
    await activity.quiescent();
  };
  return { emailed, started, errors, runUntil, stop };
}

/** Customers born on 4 January 1990, each in a zone. */
function birthdays(zones: Record<string, string>): Profile[] {
  return Object.entries(zones).map(([profileId, timeZone]) =>
    Profile.parse({
      profileId,
      email: `${profileId}@example.com`,
      timeZone,
      attributes: { birthDate: '1990-01-04' },
    }),
  );
}

describe('the local clock under failure', () => {
  it('enters everyone else when one customer fails, names that customer, and tries again until it goes through, once each', async () => {
    // Prepare: two birthdays on 4 January, one customer whose profile cannot be read for a while
    const broken = { value: true };
    const store = flakyStore(memoryItemStore(), 'bea', broken);
    await seedProfiles(
      store,
      birthdays({ ada: 'Europe/Paris', bea: 'Europe/Paris' }),
      new Date('2027-01-03T12:00:00Z'),
    );
    const platform = birthdayClock(store, '2027-01-03T12:00:00Z', '2027-01-05T00:00:00Z');

    // Act: 09:00 in Paris, then three retries a minute apart, the store mended after the second
    await platform.runUntil('2027-01-04T08:01:30Z');
    broken.value = false;
    await platform.runUntil('2027-01-04T12:00:00Z');
    await platform.stop();

    // Assess
    expect(platform.errors).toEqual([
      'birthday: Execution has failed with the following error: broadcast birthday 2027-01-04T09:00: 1 recipient(s) not entered yet (bea): ProvisionedThroughputExceededException',
      'birthday: Execution has failed with the following error: broadcast birthday 2027-01-04T09:00: 1 recipient(s) not entered yet (bea): ProvisionedThroughputExceededException',
    ]);
    expect(platform.emailed.sort()).toEqual(['ada@example.com', 'bea@example.com']);
    expect(platform.started).toEqual([]);
  });
});

describe('the local clock as it first starts', () => {
  it('runs an occurrence that begins at its very instant', async () => {
    // Prepare: 4 January at 09:00 begins at 2027-01-03T19:00Z (UTC+14); a clock started then
    const store = memoryItemStore();
    await seedProfiles(store, birthdays({ paris: 'Europe/Paris' }), new Date('2027-01-03T19:00:00Z'));
    const platform = birthdayClock(store, '2027-01-03T19:00:00Z', '2027-01-05T00:00:00Z');

    // Act
    await platform.runUntil('2027-01-04T12:00:00Z');
    await platform.stop();

    // Assess
    expect(platform.emailed).toEqual(['paris@example.com']);
  });
});

describe('the local clock across a restart', () => {
  // 4 January at 09:00 begins at 2027-01-03T19:00Z (UTC+14) and ends in Pago Pago (UTC-11) at
  // 2027-01-04T20:00Z, 25 hours later.
  const zones = { paris: 'Europe/Paris', honolulu: 'Pacific/Honolulu', pago: 'Pacific/Pago_Pago' };
  const everyone = ['honolulu@example.com', 'pago@example.com', 'paris@example.com'];

  it.each([
    ['an occurrence begun over 24 hours before, with its last wave still to come', '2027-01-04T19:10:00Z'],
    ['an occurrence begun before the first restart, with nothing finished yet', '2027-01-04T05:00:00Z'],
  ])('finishes %s', async (_label, restartAt) => {
    // Prepare: a platform that runs from the day before and stops, then another on the same store
    const store = memoryItemStore();
    await seedProfiles(store, birthdays(zones), new Date('2027-01-03T12:00:00Z'));
    const first = birthdayClock(store, '2027-01-03T12:00:00Z', '2027-01-06T00:00:00Z');
    await first.runUntil(restartAt);
    await first.stop();

    // Act
    const second = birthdayClock(store, restartAt, '2027-01-06T00:00:00Z');
    await second.runUntil('2027-01-05T23:00:00Z');
    await second.stop();

    // Assess: each birthday email went out once, across the two
    expect([...first.emailed, ...second.emailed].sort()).toEqual(everyone);
  });

  it('does not send an occurrence that never began and is over 24 hours old', async () => {
    // Prepare: a platform stopped before the occurrence began, started again two days later
    const store = memoryItemStore();
    await seedProfiles(store, birthdays(zones), new Date('2027-01-03T12:00:00Z'));
    const first = birthdayClock(store, '2027-01-03T12:00:00Z', '2027-01-08T00:00:00Z');
    await first.runUntil('2027-01-03T18:00:00Z');
    await first.stop();

    // Act
    const second = birthdayClock(store, '2027-01-05T21:00:00Z', '2027-01-08T00:00:00Z');
    await second.runUntil('2027-01-05T23:00:00Z');
    await second.stop();

    // Assess
    expect([...first.emailed, ...second.emailed]).toEqual([]);
  });
});
