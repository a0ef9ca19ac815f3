import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROFILE_DATA_LIMIT_BYTES } from '../../../shared/profiles/profile-room.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { UpdateProfileInput, updateProfileStep } from '../../../shared/steps/update-profile.ts';
import { startJourneyHarness } from '../../helpers/journey-harness.ts';

let harness: Awaited<ReturnType<typeof startJourneyHarness>>;

beforeAll(async () => {
  harness = await startJourneyHarness();
});
afterAll(async () => harness.stop());

/** The onboarding's profile update for a customer who entered, setting what a test gives. */
async function updateInput(profileId: string, set: Record<string, string>): Promise<UpdateProfileInput> {
  const { taskOf } = await harness.enterOnboarding(profileId);
  const task = UpdateProfileInput.parse(taskOf('Update profile onboarding.stage'));
  return { ...task, update: { set } };
}

describe('the update-profile step on a full profile', () => {
  it('changes nothing, says why, and lets the journey go on', async () => {
    // Prepare: a profile a few KB under its data's room
    const profileId = 'c-full-profile';
    await harness.seedProfile({
      profileId,
      email: 'full@example.com',
      attributes: { history: 'x'.repeat(PROFILE_DATA_LIMIT_BYTES - 5_000) },
    });
    const input = await updateInput(profileId, { summary: 'y'.repeat(10_000) });

    // Act
    const result = await updateProfileStep(input, harness.stepDeps);

    // Assess
    expect(result).toEqual({
      updated: [],
      failed: expect.stringMatching(
        /^the profile of c-full-profile would take \d+ KB: .* opt-out always fits/,
      ),
    });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(Object.keys(profile?.attributes ?? {})).toEqual(['history']);

    // A change that fits still applies
    const small = await updateProfileStep(
      await updateInput('c-roomy-profile', { stage: 'done' }),
      harness.stepDeps,
    );
    expect(small).toEqual({ updated: ['stage'] });
  });
});
