import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { type BatchRecipient, deliverBatch } from '../../../shared/broadcasts/batch-delivery.ts';
import { planBroadcast } from '../../../shared/broadcasts/broadcast-plan.ts';
import { inlineOrStart } from '../../../shared/broadcasts/inline-journey.ts';
import { UNPACED } from '../../../shared/broadcasts/pace.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { entryOutcomeOf } from '../../../shared/journeys/entry-outcomes.ts';
import { journeysOf } from '../../../shared/journeys/journey-store.ts';
import { findOutcome } from '../../../shared/ledger/ledger-store.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { recordingTasks } from '../../helpers/ingest-fixtures.ts';
import { broadcastSendDeps, WHOLE_INVOCATION } from './broadcast-fixture.ts';

/**
 * A broadcast batch retried after a crash between a recipient's send and the record of their entry
 * keeps the first attempt's decision: it re-decided the audience from scratch, and recorded a
 * customer who had been sent the newsletter, and unsubscribed since, as refused.
 */
const { bundle } = await buildProject(EXAMPLES_DIR);
const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite('occurrence-retry');
});
afterAll(async () => dynamo.stop());

const BEGINS = '2027-01-03T20:00:00.000Z';

describe('a broadcast batch retried after a crash between the send and the entry record', () => {
  it('keeps the first attempt’s decision: a customer who was sent the newsletter is not recorded as refused', async () => {
    // Prepare: jeanne, a French buyer in Paris who can be emailed.
    const clock = new ManualClock('2027-01-03T19:00:00Z');
    const { store } = dynamo;
    await seedProfiles(
      store,
      [
        Profile.parse({
          profileId: 'jeanne',
          email: 'jeanne@example.com',
          locale: 'fr',
          timeZone: 'Europe/Paris',
        }),
      ],
      clock.now(),
    );
    await ingestEvents(
      [
        {
          id: 'order-jeanne',
          source: 'shop',
          'detail-type': 'order.placed',
          time: '2026-12-20T10:00:00Z',
          detail: { profileId: 'jeanne', total: 10 },
        },
      ],
      { store, bundle, clock, ...recordingTasks() },
    );
    const files = memoryAudienceFiles();
    const plan = await planBroadcast(
      { scenario: 'monthly-newsletter', scheduledTime: BEGINS },
      { store, bundle, files, pace: async () => UNPACED, scanSegments: 1 },
      WHOLE_INVOCATION,
    );
    const [wave] = plan.waves;
    if (wave === undefined) throw new Error('no wave');
    const recipients: BatchRecipient[] = (await files.read(wave.key)).map((line) => ({
      profileId: String(JSON.parse(line).profileId),
      occurrence: plan.occurrence,
      at: wave.at,
      ratePerSecond: 0,
    }));
    clock.set(wave.at);

    // The Lambda dies right after the send, before the entry outcome is written (modelled as the
    // entry outcome's write failing once, the same point in the code).
    let crashed = false;
    const crashing: ItemStore = {
      ...store,
      put: async (item, options) => {
        if (!crashed && String(item.sk).startsWith('ENTRY#') && item.outcome === 'started') {
          crashed = true;
          throw new Error('Lambda.Unknown: the runtime exited');
        }
        return store.put(item, options);
      },
    };
    const sent: string[] = [];
    ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
      sent.push(input.Destination?.ToAddresses?.[0] ?? '');
      return { MessageId: `m-${sent.length}` };
    });
    const batchDeps = (s: ItemStore) => ({
      store: s,
      bundle,
      clock,
      facts: memorySink(),
      startExecution: inlineOrStart(broadcastSendDeps(s, bundle, clock, memorySink()), async () => undefined),
      sleep: async (ms: number) => clock.advance(ms),
      remainingMs: () => 30_500,
    });

    // Act: the first attempt sends and crashes; jeanne reads the newsletter and clicks its one-click
    // unsubscribe; the state machine retries the batch.
    await expect(deliverBatch({ recipients }, batchDeps(crashing))).rejects.toMatchObject({
      name: 'Parcours.Retryable',
    });
    expect(sent).toEqual(['jeanne@example.com']);
    clock.advance(60_000);
    await ingestEvents(
      [
        {
          id: 'unsubscribe-jeanne',
          source: 'parcours.unsubscribe',
          'detail-type': 'subscription.changed',
          time: clock.now().toISOString(),
          detail: { profileId: 'jeanne', channel: 'email', status: 'opted-out' },
        },
      ],
      { store, bundle, clock, ...recordingTasks() },
    );
    clock.advance(60_000);
    const counts = await deliverBatch({ recipients }, batchDeps(store));

    // Assess: the newsletter went out once, and the journey and its send are recorded...
    expect(sent).toEqual(['jeanne@example.com']);
    const [journey] = await journeysOf(store, 'jeanne');
    expect(journey?.scenario).toBe('monthly-newsletter');
    const ledger = await findOutcome(store, {
      profileId: 'jeanne',
      execution: journey?.execution ?? '',
      step: 'newsletter',
    });
    expect(ledger?.outcome).toBe('sent');
    // ...so the entry must say she entered, as the first attempt decided, not "refused: opted out".
    const entry = await entryOutcomeOf(
      store,
      {
        profileId: 'jeanne',
        eventId: 'monthly-newsletter/2027-01-04T10:00/jeanne',
        scenario: 'monthly-newsletter',
      },
      clock.now(),
    );
    expect(entry).toMatchObject({ outcome: 'started' });
    expect(counts).toMatchObject({ started: 1 });
  });
});
