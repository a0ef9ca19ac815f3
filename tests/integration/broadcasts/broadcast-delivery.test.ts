import { SESv2Client, SendEmailCommand, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createDeliverHandler } from '../../../functions/deliver/handler.ts';
import { DIMENSIONS } from '../../../infra/constructs/metrics.ts';
import { lambdaContext } from '../../../local/platform/local-functions.ts';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { memoryAudienceFiles } from '../../../shared/broadcasts/audience-files.ts';
import { type BatchRecipient, deliverBatch } from '../../../shared/broadcasts/batch-delivery.ts';
import { type BroadcastPlan, planBroadcast } from '../../../shared/broadcasts/broadcast-plan.ts';
import { inlineOrStart } from '../../../shared/broadcasts/inline-journey.ts';
import { broadcastPace, SEND_RATE_HEADROOM } from '../../../shared/broadcasts/pace.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { entryOutcomeOf } from '../../../shared/journeys/entry-outcomes.ts';
import { createLogger } from '../../../shared/observability/logger.ts';
import { createMetrics } from '../../../shared/observability/metrics.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { BROADCAST_BATCH_SIZE } from '../../../state-machines/compiler/broadcast-definition.ts';
import { type EmfRecord, emfRecordsWhile } from '../../helpers/emf.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';
import { broadcastSendDeps, WHOLE_INVOCATION } from './broadcast-fixture.ts';

const { bundle } = await buildProject(EXAMPLES_DIR);
const ses = mockClient(SESv2Client);
afterEach(() => ses.reset());

/** The first Monday of January 2027 at 10:00 begins in UTC+14: 20:00 UTC on the Sunday. */
const BEGINS = '2027-01-03T20:00:00.000Z';
const ZONES = ['Pacific/Auckland', 'Europe/Paris', 'America/New_York'];

/** 250 French buyers in three zones, every fifth one opted out of email. */
async function customers(clock: ManualClock) {
  const store = memoryItemStore();
  const ids = Array.from({ length: 250 }, (_, index) => `c${String(index).padStart(3, '0')}`);
  const profiles = ids.map((profileId, index) =>
    Profile.parse({
      profileId,
      email: `${profileId}@example.com`,
      locale: 'fr',
      timeZone: ZONES[index % ZONES.length],
      ...(index % 5 === 0 ? { consents: { email: 'opted-out', topics: {} } } : {}),
    }),
  );
  await seedProfiles(store, profiles, clock.now());
  await ingestEvents(
    ids.map((profileId) => ({
      id: `order-${profileId}`,
      source: 'shop',
      'detail-type': 'order.placed',
      time: '2026-12-20T10:00:00Z',
      detail: { profileId, total: 10 },
    })),
    {
      store,
      bundle,
      clock,
      facts: memorySink(),
      resumeTask: async () => undefined,
      failTask: async () => undefined,
    },
  );
  return { store, ids };
}

/** What the Distributed Map's ItemSelector and ItemBatcher hand each child, from a wave's file. */
async function batchesOf(plan: BroadcastPlan, files: ReturnType<typeof memoryAudienceFiles>) {
  const batches: { at: string; recipients: BatchRecipient[] }[] = [];
  for (const wave of plan.waves) {
    const lines = await files.read(wave.key);
    const items = lines.map((line) => ({
      profileId: String(JSON.parse(line).profileId),
      occurrence: plan.occurrence,
      at: wave.at,
      ratePerSecond: plan.ratePerSecond,
    }));
    for (let start = 0; start < items.length; start += BROADCAST_BATCH_SIZE)
      batches.push({ at: wave.at, recipients: items.slice(start, start + BROADCAST_BATCH_SIZE) });
  }
  return batches;
}

/**
 * The customers, the newsletter's first batch as the deliver function gets it (100 sends a second,
 * one scan segment), the clock at its wave, and the addresses SES accepts from then on.
 */
async function firstNewsletterBatch() {
  const clock = new ManualClock(BEGINS);
  const { store } = await customers(clock);
  const files = memoryAudienceFiles();
  const sent: string[] = [];
  ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
    sent.push(input.Destination?.ToAddresses?.[0] ?? '');
    return { MessageId: `m-${sent.length}` };
  });
  const plan = await planBroadcast(
    { scenario: 'monthly-newsletter', scheduledTime: BEGINS },
    { store, bundle, files, pace: async () => broadcastPace(100), scanSegments: 1 },
    WHOLE_INVOCATION,
  );
  const [batch] = await batchesOf(plan, files);
  if (batch === undefined) throw new Error('no batch');
  clock.set(batch.at);
  return { clock, store, batch, sent };
}

describe('a broadcast on AWS, function by function', () => {
  it('sends a newsletter once to each reachable customer at their 10:00, under the SES rate, through throttling', async () => {
    // Prepare: SES allows 5 messages a second and throttles one call in three.
    const clock = new ManualClock('2027-01-03T19:59:00Z');
    const { store, ids } = await customers(clock);
    const files = memoryAudienceFiles();
    const accepted: { to: string; at: number }[] = [];
    let calls = 0;
    ses.on(SendEmailCommand).callsFake((input: { Destination?: { ToAddresses?: string[] } }) => {
      calls += 1;
      if (calls % 3 === 0)
        throw new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: {} });
      accepted.push({ to: input.Destination?.ToAddresses?.[0] ?? '', at: clock.now().getTime() });
      return { MessageId: `m-${calls}` };
    });
    const facts = memorySink();
    const sendDeps = broadcastSendDeps(store, bundle, clock, facts);
    const started: string[] = [];
    const startExecution = inlineOrStart(sendDeps, async ({ name }) => {
      started.push(name);
    });

    // Act: plan as the audience function, then each batch as the deliver function, in time order.
    const plan = await planBroadcast(
      { scenario: 'monthly-newsletter', scheduledTime: BEGINS },
      { store, bundle, files, pace: async () => broadcastPace(5), scanSegments: 4 },
      WHOLE_INVOCATION,
    );
    const results = [];
    for (const batch of await batchesOf(plan, files)) {
      if (clock.now().getTime() < Date.parse(batch.at)) clock.set(batch.at);
      results.push(
        await deliverBatch(
          { recipients: batch.recipients },
          {
            store,
            bundle,
            clock,
            facts,
            startExecution,
            sleep: async (milliseconds) => clock.advance(milliseconds),
            remainingMs: () => 15 * 60_000,
          },
        ),
      );
    }

    // Assess: one wave per zone, at 10:00 there, in time order.
    expect(plan.occurrence).toEqual({
      scenario: 'monthly-newsletter',
      form: 'schedule',
      reading: '2027-01-04T10:00',
    });
    expect(plan.waves.map((wave) => wave.at)).toEqual([
      '2027-01-03T21:00:00.000Z',
      '2027-01-04T09:00:00.000Z',
      '2027-01-04T15:00:00.000Z',
    ]);
    expect(plan.recipients).toBe(ids.length);
    // Everyone reachable got exactly one email, despite a third of the calls being throttled.
    const reachable = ids.filter((_, index) => index % 5 !== 0).map((id) => `${id}@example.com`);
    expect(accepted.map(({ to }) => to).sort()).toEqual(reachable.sort());
    expect(calls).toBeGreaterThan(accepted.length);
    // The newsletter is one send: it was made in the batch, and no state machine was started.
    expect(started).toEqual([]);
    expect(results.reduce((sum, counts) => sum + counts.started, 0)).toBe(reachable.length);
    expect(results.reduce((sum, counts) => sum + (counts.skipped.unreachable ?? 0), 0)).toBe(
      ids.length - reachable.length,
    );
    // One batch at a time (5 a second allows one): every send starts at least an interval after
    // the one before, across batches, retries and waves.
    expect(plan.concurrency).toBe(1);
    const interval = 1000 / (5 * SEND_RATE_HEADROOM);
    const gaps = accepted.slice(1).map(({ at }, index) => at - (accepted[index]?.at ?? 0));
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(interval);
    // An opted-out customer's entry says why.
    const refused = await entryOutcomeOf(
      store,
      {
        profileId: 'c000',
        eventId: 'monthly-newsletter/2027-01-04T10:00/c000',
        scenario: 'monthly-newsletter',
      },
      clock.now(),
    );
    expect(refused).toMatchObject({ outcome: 'skipped', reason: 'unreachable' });
  });

  it('finishes a batch an earlier attempt left half done, sending nothing twice', async () => {
    // Prepare: the first attempt runs out of time after 40 recipients.
    const { clock, store, batch, sent } = await firstNewsletterBatch();
    const facts = memorySink();
    const sendDeps = broadcastSendDeps(store, bundle, clock, facts);
    const deps = {
      store,
      bundle,
      clock,
      facts,
      startExecution: inlineOrStart(sendDeps, async () => undefined),
      sleep: async (milliseconds: number) => clock.advance(milliseconds),
    };
    let budget = 40;

    // Act
    const first = deliverBatch(
      { recipients: batch.recipients },
      { ...deps, remainingMs: () => (budget-- > 0 ? 60_000 : 0) },
    );
    await expect(first).rejects.toMatchObject({ name: 'Parcours.Retryable' });
    const sentBefore = sent.length;
    const counts = await deliverBatch(
      { recipients: batch.recipients },
      { ...deps, remainingMs: () => 60_000 },
    );

    // Assess
    expect(sentBefore).toBeGreaterThan(0);
    expect(sentBefore).toBeLessThan(sent.length);
    // Each reachable recipient of the batch got exactly one email across both attempts.
    const optedOut = new Set(Array.from({ length: 50 }, (_, n) => `c${String(n * 5).padStart(3, '0')}`));
    const reachable = batch.recipients
      .map(({ profileId }) => profileId)
      .filter((profileId) => !optedOut.has(profileId))
      .map((profileId) => `${profileId}@example.com`);
    expect([...sent].sort()).toEqual(reachable.sort());
    expect(counts.outside).toBe(0);
    expect(counts.started + (counts.skipped.unreachable ?? 0)).toBe(batch.recipients.length);
  });

  it("counts a batch's sends and entries in CloudWatch as the dashboards and alarms search them", async () => {
    // Prepare: the first batch of the newsletter, run by the deliver function's handler.
    const { clock, store, batch, sent } = await firstNewsletterBatch();
    const handler = createDeliverHandler(
      {
        send: broadcastSendDeps(store, bundle, clock, memorySink()),
        startExecution: async () => undefined,
        sleep: async (milliseconds) => clock.advance(milliseconds),
      },
      { logger: createLogger('deliver', 'ERROR'), metrics: createMetrics('deliver') },
    );

    // Act
    const records = await emfRecordsWhile(() =>
      handler({ recipients: batch.recipients }, lambdaContext('deliver', 15 * 60_000)),
    );

    // Assess: one MessagesSent per email, by scenario, step and channel, from the deliver service.
    const named = (name: string) =>
      records.filter((record) => record._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name));
    const setsOf = (record: EmfRecord | undefined) =>
      (record?._aws.CloudWatchMetrics[0]?.Dimensions ?? []).map((set) => [...set].sort());
    expect(sent.length).toBeGreaterThan(0);
    const messages = named('MessagesSent');
    expect(messages).toHaveLength(sent.length);
    expect(setsOf(messages[0])).toContainEqual([...DIMENSIONS.sendStep].sort());
    expect(messages[0]).toMatchObject({
      service: 'deliver',
      scenario: 'monthly-newsletter',
      channel: 'email',
      MessagesSent: 1,
    });
    // The batch's entries, counted once each: started, and refused by reason.
    const skipped = batch.recipients.length - sent.length;
    expect(skipped).toBeGreaterThan(0);
    const [started, ...moreStarted] = named('JourneysStarted');
    expect(moreStarted).toEqual([]);
    expect(setsOf(started)).toContainEqual([...DIMENSIONS.entry].sort());
    expect(started).toMatchObject({ scenario: 'monthly-newsletter', JourneysStarted: sent.length });
    const [refused, ...moreRefused] = named('EntriesSkipped');
    expect(moreRefused).toEqual([]);
    expect(setsOf(refused)).toContainEqual([...DIMENSIONS.entrySkip].sort());
    expect(refused).toMatchObject({ reason: 'unreachable', EntriesSkipped: skipped });
  });
});
