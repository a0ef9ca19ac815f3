import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventEnvelope } from '../../../shared/events/envelope.ts';
import type { JourneyInput } from '../../../shared/journeys/journey-input.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { UpdateProfileInput, updateProfileStep } from '../../../shared/steps/update-profile.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys } from '../../../shared/store/keys.ts';
import { startJourneyHarness, taskInput } from '../../helpers/journey-harness.ts';

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

/** The Lambda's answer never reached Step Functions (timeout, crash), so the Task is retried. */
class AttemptDied extends Error {
  override readonly name = 'Lambda.Unknown';
}

/** A step's input in `scenario`'s execution `input`, incrementing `loginReminders` by one. */
function incrementInput(scenario: string, state: string, input: JourneyInput): UpdateProfileInput {
  const task = UpdateProfileInput.parse(taskInput(harness.definitionOf(scenario), state, input));
  return { ...task, update: { increment: { loginReminders: 1 } } };
}

/** A store whose first profile write lands and then loses its answer, as a network timeout does. */
function losingFirstAnswer(): ItemStore {
  let lose = true;
  return Object.create(harness.dynamo.store, {
    put: {
      value: async (...args: Parameters<ItemStore['put']>) => {
        const written = await harness.dynamo.store.put(...args);
        if (lose && written) {
          lose = false;
          throw new AttemptDied('the answer of PutItem was lost after DynamoDB wrote the item');
        }
        return written;
      },
    },
  });
}

describe('a retried update-profile step (its write landed, then its answer was lost)', () => {
  it('increments once, and the retry returns the same result', async () => {
    // Prepare: a customer who entered the onboarding
    const profileId = 'c-increment-retry';
    await harness.seedProfile({ profileId, email: `${profileId}@example.com` });
    const { input: entered } = await harness.enterOnboarding(profileId);
    const input = incrementInput('saas-onboarding', 'Update profile onboarding.stage', entered);
    const store = losingFirstAnswer();

    // Act: the attempt, then Step Functions' retry of the same Task with the same input
    await expect(updateProfileStep(input, { ...harness.stepDeps, store })).rejects.toThrow(AttemptDied);
    const retried = await updateProfileStep(input, { ...harness.stepDeps, store });

    // Assess: the step ran once as far as the journey is concerned
    expect(retried).toEqual({ updated: ['loginReminders'] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.attributes.loginReminders).toBe(1);
    // The record of it is bookkeeping, not the customer's data
    expect(profile).not.toHaveProperty('appliedChanges');
    const item = await harness.dynamo.store.get(keys.profile(profileId));
    expect(item?.appliedChanges).toEqual([`${entered.journey.execution}#${input.step}`]);

    // Another writer (an app's profile event) in between keeps the record: a later retry still
    // finds it
    await harness.seedProfile({ profileId, locale: 'fr' });
    await updateProfileStep(input, harness.stepDeps);
    const after = await loadCustomer(harness.dynamo.store, profileId);
    expect(after.profile).toMatchObject({ locale: 'fr', attributes: { loginReminders: 1 } });
  });

  it('still increments once in each of two executions of the step', async () => {
    // Prepare: a customer whose last order is 61 days old enters win-back, then again after its
    // 90 days of re-entry
    const profileId = 'c-increment-twice';
    const ordered = '2026-09-01T09:00:00.000Z';
    harness.clock.set(ordered);
    await harness.seedProfile({ profileId, email: `${profileId}@example.com` });
    await harness.ingest([
      {
        id: `evt-order-${profileId}`,
        source: 'shop',
        'detail-type': 'order.placed',
        time: ordered,
        detail: { profileId, items: [{ productId: 'p-1' }] },
      },
    ]);
    const lapsed = (time: string): EventEnvelope => ({
      id: `evt-lapsed-${profileId}-${time}`,
      source: 'parcours.segments',
      'detail-type': 'segment.entered',
      time,
      detail: { profileId, segment: 'lapsed' },
    });
    const enterAt = async (time: string) => {
      harness.clock.set(time);
      const input = await harness.enter('win-back', lapsed(time));
      if (input === undefined) throw new Error(`${profileId} did not enter win-back at ${time}`);
      return incrementInput('win-back', 'Update profile lifecycle', input);
    };
    const first = await enterAt('2026-11-01T09:00:00.000Z');
    await updateProfileStep(first, harness.stepDeps);
    const second = await enterAt('2027-02-01T09:00:00.000Z');
    expect(second.journey.execution).not.toBe(first.journey.execution);

    // Act: the second execution's step, its answer lost and retried
    const store = losingFirstAnswer();
    await expect(updateProfileStep(second, { ...harness.stepDeps, store })).rejects.toThrow(AttemptDied);
    await updateProfileStep(second, { ...harness.stepDeps, store });

    // Assess: one increment for each execution
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.attributes.loginReminders).toBe(2);
  });
});
