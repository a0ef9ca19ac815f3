import { describe, expect, it } from 'vitest';
import { createAudienceHandler } from '../../../functions/audience/handler.ts';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import { lambdaContext } from '../../../local/platform/local-functions.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import {
  AudienceTooLargeError,
  audienceBounds,
  checkAudienceBounds,
  EXPORT_TIME_MARGIN_MS,
  MAX_AUDIENCE,
} from '../../../shared/broadcasts/audience-bounds.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { UNPACED } from '../../../shared/broadcasts/pace.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import {
  AUDIENCE_OUT_OF_BOUNDS_RETRY,
  BROADCAST_STATES,
} from '../../../state-machines/compiler/broadcast-definition.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { namedError } from '../../helpers/run-locally.ts';
import { runBroadcastLocally } from './broadcast-fixture.ts';

const { bundle } = await buildProject(EXAMPLES_DIR);

/** January's occurrence of the examples' newsletter, begun in UTC+14 (see misfired-start.test.ts). */
const BEGINS = '2027-01-03T20:00:00Z';

describe('an audience larger than one invocation of the audience function takes', () => {
  it('stops the export with its reason when the invocation runs short of time, writing nothing', async () => {
    // Prepare: three customers, an invocation with less than the margin left
    const store = memoryItemStore();
    await seedProfiles(
      store,
      ['ana', 'ben', 'cal'].map((profileId) =>
        Profile.parse({ profileId, email: `${profileId}@example.com` }),
      ),
      new Date('2026-12-01T00:00:00Z'),
    );
    const files = memoryAudienceFiles();
    const audience = createAudienceHandler(
      { store, bundle, files, pace: async () => UNPACED, scanSegments: 2 },
      { logger: createLogger('audience', 'SILENT') },
    );
    const context = {
      ...lambdaContext('audience'),
      getRemainingTimeInMillis: () => EXPORT_TIME_MARGIN_MS - 1,
    };

    // Act
    const refused = await audience({ scenario: 'monthly-newsletter', scheduledTime: BEGINS }, context).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(refused).toMatchObject({
      name: ERROR_NAMES.audienceTooLarge,
      message: expect.stringContaining(
        'the audience of scenario "monthly-newsletter", occurrence 2027-01-04T10:00, is more than one invocation can read',
      ),
    });
    expect(files.keys()).toEqual([]);
  });

  it('stops it past the most customers an occurrence reaches, whatever the time left', () => {
    const bounds = audienceBounds(() => Number.POSITIVE_INFINITY);
    bounds.taken = MAX_AUDIENCE;
    expect(() => checkAudienceBounds(bounds, 'newsletter', '2027-01-04T10:00')).not.toThrow();

    bounds.taken = MAX_AUDIENCE + 1;
    expect(() => checkAudienceBounds(bounds, 'newsletter', '2027-01-04T10:00')).toThrow(
      'the audience of scenario "newsletter", occurrence 2027-01-04T10:00, is more than 7,000,000 customers: nothing was sent',
    );
  });

  it('fails the broadcast at the first attempt: the next would meet the same audience', async () => {
    const { record, invocations } = await runBroadcastLocally('monthly-newsletter', BEGINS, async () => {
      throw new AudienceTooLargeError('the audience of scenario "monthly-newsletter" is too large');
    });

    expect(record).toMatchObject({
      status: 'failed',
      error: expect.stringContaining('is too large'),
    });
    expect(record.states.map(({ name }) => name)).toEqual([BROADCAST_STATES.export]);
    expect(invocations).toHaveLength(1);
  });

  it('tries an export cut off by its timeout or its memory twice more, not for 150 attempts', async () => {
    for (const error of ['Sandbox.Timedout', 'Runtime.OutOfMemory']) {
      const { record, invocations } = await runBroadcastLocally('monthly-newsletter', BEGINS, async () => {
        throw namedError(error);
      });

      expect(record, error).toMatchObject({ status: 'failed' });
      expect(invocations, error).toHaveLength(1 + AUDIENCE_OUT_OF_BOUNDS_RETRY.MaxAttempts);
    }
  });
});
