import { describe, expect, it } from 'vitest';
import { createAudienceHandler } from '../../../functions/audience/handler.ts';
import { ERROR_NAMES } from '../../../language/error-names.ts';
import { LAMBDA_MAX_MS, lambdaContext } from '../../../local/platform/local-functions.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { UNPACED } from '../../../shared/broadcasts/pace.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { BROADCAST_STATES } from '../../../state-machines/compiler/broadcast-definition.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { runBroadcastLocally } from './broadcast-fixture.ts';

const { bundle } = await buildProject(EXAMPLES_DIR);

/**
 * The examples' newsletter (the first Monday of each month at 10:00 in each customer's local time)
 * begins where 10:00 comes first, in UTC+14: January's at 20:00 UTC on Sunday 3 January 2027. An
 * operator who starts it by hand at 10:00 Paris time names no occurrence.
 */
const PARIS_TEN = '2027-01-04T10:00:00+01:00';
const BEGINS = '2027-01-03T20:00:00Z';

/** The audience function over an empty table, as the state machine invokes it. */
function audienceFunction() {
  const audience = createAudienceHandler(
    {
      store: memoryItemStore(),
      bundle,
      files: memoryAudienceFiles(),
      pace: async () => UNPACED,
      scanSegments: 1,
    },
    { logger: createLogger('audience', 'SILENT') },
  );
  return (input: unknown) => audience(input, lambdaContext('audience', LAMBDA_MAX_MS));
}

describe('a broadcast started at a time that is no occurrence of its schedule', () => {
  it('is refused as invalid input naming scheduledTime, the scenario and the occurrences around it', async () => {
    // Prepare
    const audience = audienceFunction();

    // Act
    const refused = await audience({ scenario: 'monthly-newsletter', scheduledTime: PARIS_TEN }).catch(
      (error: unknown) => error,
    );
    const planned = await audience({ scenario: 'monthly-newsletter', scheduledTime: BEGINS });

    // Assess: 10:00 in Paris (09:00 UTC) is 13 hours after January's began, the instant that is
    // planned as before.
    expect(refused).toMatchObject({
      name: ERROR_NAMES.invalidInput,
      message:
        'scheduledTime 2027-01-04T10:00:00+01:00 is not when an occurrence of scenario "monthly-newsletter" begins, so nothing was sent: ' +
        'its occurrences begin at readings in Etc/GMT-14 (UTC+14, the first zone to reach them: each customer is reached later at their own); ' +
        'the one before is 2027-01-04T10:00 (scheduledTime 2027-01-03T20:00:00.000Z), ' +
        'the one after 2027-02-01T10:00 (scheduledTime 2027-01-31T20:00:00.000Z)',
    });
    expect(planned).toMatchObject({
      occurrence: { scenario: 'monthly-newsletter', reading: '2027-01-04T10:00' },
    });
  });

  it('fails its state machine at the first attempt instead of ending "Delivered"', async () => {
    // Prepare: the broadcast's definition on the local engine, which retries as AWS does (at once)
    const audience = audienceFunction();

    // Act
    const { record, invocations } = await runBroadcastLocally('monthly-newsletter', PARIS_TEN, audience);

    // Assess
    expect(record).toMatchObject({ status: 'failed', error: expect.stringContaining('scheduledTime') });
    expect(record.states.map(({ name }) => name)).toEqual([BROADCAST_STATES.export]);
    expect(invocations).toHaveLength(1);
  });
});
