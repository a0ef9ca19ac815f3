import { describe, expect, it } from 'vitest';
import { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { eventsSince } from '../../../shared/events/event-store.ts';
import type { IngestDeps } from '../../../shared/ingest/apply-events.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { type JourneyRecord, journeysOf } from '../../../shared/journeys/journey-store.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import {
  RECENT_TRANSITIONS,
  readMembership,
  SegmentMembership,
} from '../../../shared/segments/membership.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import {
  appEvent,
  freshProfileId,
  ingestBundle,
  recordingTasks,
  TRUSTED_APP,
} from '../../helpers/ingest-fixtures.ts';

/** ingestBundle with a `vip` segment (revenue of 500 or more) and a scenario started by entering it. */
function segmentBundle(options: { goal?: boolean } = {}): RuntimeBundle {
  const base = ingestBundle();
  const goal = options.goal ? { goal: base.scenarios.cart?.goal } : {};
  const manifest = { ...base.scenarios.cart?.manifest, scenario: 'vip-welcome', version: 'vip-welcome-v1' };
  return RuntimeBundle.parse({
    ...base,
    config: {
      ...base.config,
      segments: {
        vip: { when: { aggregate: 'revenue', gte: 500 } },
        french: { when: { profile: 'locale', equals: 'fr' } },
      },
    },
    scenarios: {
      ...base.scenarios,
      'vip-welcome': {
        scenario: {
          id: 'vip-welcome',
          name: 'Welcome to VIP',
          program: 'conversion',
          stage: 'retention',
          trigger: { segment: { entered: 'vip' } },
          steps: [{ id: 'opened', 'wait-for': { event: { 'detail-type': ['app.opened'] }, timeout: '2d' } }],
        },
        manifest,
        ...goal,
      },
    },
  });
}

function harness(options: { goal?: boolean } = {}) {
  const started: string[] = [];
  const startExecution: StartExecution = async ({ scenario, name }) =>
    void started.push(`${scenario} ${name}`);
  const clock = new ManualClock('2026-11-10T12:00:00Z');
  const deps: IngestDeps = {
    store: memoryItemStore(),
    bundle: segmentBundle(options),
    clock,
    startExecution,
    ...recordingTasks(),
  };
  return { deps, started, clock };
}

const order = (profileId: string, time: string, total: number) =>
  appEvent(profileId, 'order.placed', time, { total, items: [] });

/**
 * A known customer, the order of 600 that will make them a VIP, and ingest's dependencies with a
 * Step Functions that refuses the first StartExecution, as an outage would.
 */
async function refusingFirstStart() {
  const { deps, started } = harness();
  let refusals = 1;
  const flaky: IngestDeps = {
    ...deps,
    startExecution: async (request) => {
      if (refusals-- > 0) throw new Error('ServiceUnavailable');
      await deps.startExecution?.(request);
    },
  };
  const profileId = freshProfileId();
  await ingestEvents(
    [appEvent(profileId, 'profile.updated', '2026-11-01T08:00:00Z', {}, TRUSTED_APP)],
    flaky,
  );
  return { flaky, started, profileId, big: order(profileId, '2026-11-05T09:00:00Z', 600) };
}

describe('segment transitions in ingest', () => {
  it('records entering a segment when it happens, as a segment.entered event that starts the journey', async () => {
    // Prepare
    const { deps, started, clock } = harness();
    const profileId = freshProfileId();
    const profile = appEvent(
      profileId,
      'profile.updated',
      '2026-11-01T08:00:00Z',
      { email: 'a@example.com' },
      TRUSTED_APP,
    );

    // Act
    await ingestEvents([profile, order(profileId, '2026-11-02T09:00:00Z', 300)], deps);
    const afterFirst = await readMembership(deps.store, profileId);
    const big = order(profileId, '2026-11-05T09:00:00Z', 250);
    clock.set('2026-11-05T09:00:02Z');
    const report = await ingestEvents([big], deps);

    // Assess
    expect(afterFirst.members).toEqual({});
    const membership = await readMembership(deps.store, profileId);
    // When ingest found it (a segment that reads the clock moves then, whatever the event's time).
    expect(membership.members).toEqual({ vip: { since: '2026-11-05T09:00:02.000Z' } });
    const events = await eventsSince(deps.store, profileId, '2026-11-01T00:00:00Z');
    const entered = events.filter((event) => event['detail-type'] === 'segment.entered');
    expect(entered).toEqual([
      expect.objectContaining({
        id: `${big.id}/segment.entered/vip`,
        source: 'parcours.segments',
        time: '2026-11-05T09:00:02.000Z',
        detail: { profileId, segment: 'vip', cause: big.id },
      }),
    ]);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/^vip-welcome /);
    expect(report.entries.map(({ scenario, outcome }) => `${scenario} ${outcome}`)).toEqual([
      'vip-welcome started',
    ]);
  });

  it('does not let the order that made a customer a VIP convert the journey it started', async () => {
    // Prepare: vip-welcome's goal is an order within 7 days; the clock at the order's time, as
    // in a simulation (the transition is then dated as the order)
    const { deps, clock } = harness({ goal: true });
    const profileId = freshProfileId();
    const big = order(profileId, '2026-11-05T09:00:00Z', 600);
    const next = order(profileId, '2026-11-06T09:00:00Z', 80);

    // Act
    clock.set('2026-11-05T09:00:00Z');
    await ingestEvents(
      [appEvent(profileId, 'profile.updated', '2026-11-01T08:00:00Z', {}, TRUSTED_APP), big],
      deps,
    );
    const afterEntry = await journeysOf(deps.store, profileId);
    clock.set('2026-11-06T09:00:00Z');
    const report = await ingestEvents([next], deps);

    // Assess: entered, not converted by its cause; the next order converts it
    const welcome = (records: JourneyRecord[]) => records.find((record) => record.scenario === 'vip-welcome');
    expect(welcome(afterEntry)).toMatchObject({ enteredAt: '2026-11-05T09:00:00.000Z' });
    expect(welcome(afterEntry)?.convertedAt).toBeUndefined();
    expect(welcome(await journeysOf(deps.store, profileId))?.convertedBy).toBe(next.id);
    expect(report.conversions).toEqual(
      expect.arrayContaining([expect.objectContaining({ scenario: 'vip-welcome' })]),
    );
  });

  it('moves a segment once: a redelivered cause starts nothing more, and a later order changes nothing', async () => {
    const { deps, started } = harness();
    const profileId = freshProfileId();
    const big = order(profileId, '2026-11-05T09:00:00Z', 600);
    await ingestEvents(
      [appEvent(profileId, 'profile.updated', '2026-11-01T08:00:00Z', {}, TRUSTED_APP), big],
      deps,
    );

    await ingestEvents([big, order(profileId, '2026-11-06T09:00:00Z', 50)], deps);

    expect(started).toHaveLength(1);
    const entered = (await eventsSince(deps.store, profileId, '2026-11-01T00:00:00Z')).filter(
      (event) => event.source === 'parcours.segments',
    );
    expect(entered).toHaveLength(1);
  });

  it('finishes a transition the first delivery of its cause could not: the redelivery starts the journey, once', async () => {
    // Prepare: Step Functions refuses the first StartExecution
    const { flaky, started, big } = await refusingFirstStart();

    // Act
    const first = await ingestEvents([big], flaky);
    const again = await ingestEvents([big], flaky);
    const third = await ingestEvents([big], flaky);

    // Assess: the first delivery failed and was not marked processed; the second found the
    // transition its first recorded, and finished it; the third is a duplicate
    expect(first.failed).toEqual([expect.objectContaining({ eventId: big.id })]);
    expect(again.recovered).toBe(1);
    expect(third.duplicates).toBe(1);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/^vip-welcome /);
  });

  it('starts the journey of an entry whose start failed, though a later event moved the customer out before the redelivery', async () => {
    // Prepare: the order that makes a VIP fails to start the journey; a refund then takes the
    // customer out of the segment before the order is delivered again.
    const { flaky, started, profileId, big } = await refusingFirstStart();
    const first = await ingestEvents([big], flaky);
    const refund = await ingestEvents([order(profileId, '2026-11-05T10:00:00Z', -200)], flaky);

    // Act
    const again = await ingestEvents([big], flaky);

    // Assess
    expect(first.failed).toEqual([expect.objectContaining({ eventId: big.id })]);
    expect(refund.accepted).toBe(1);
    expect((await readMembership(flaky.store, profileId)).members).toEqual({});
    expect(again.recovered).toBe(1);
    expect(started).toHaveLength(1);
    expect(started[0]).toMatch(/^vip-welcome /);
  });

  it('keeps a bounded number of transitions per segment, the latest', async () => {
    // Prepare: a customer whose locale flips between French and English many times
    const { deps, clock } = harness();
    const profileId = freshProfileId();
    const flips = 2 * RECENT_TRANSITIONS + 3;

    // Act
    for (let index = 0; index < flips; index += 1) {
      const time = new Date(Date.parse('2026-11-01T08:00:00Z') + index * 60_000).toISOString();
      clock.set(time);
      const locale = index % 2 === 0 ? 'fr' : 'en';
      await ingestEvents([appEvent(profileId, 'profile.updated', time, { locale }, TRUSTED_APP)], deps);
    }

    // Assess
    const { recent } = await readMembership(deps.store, profileId);
    expect(recent.french).toHaveLength(RECENT_TRANSITIONS);
    expect(recent.french?.at(-1)).toMatchObject({ kind: 'entered', at: clock.now().toISOString() });
  });

  it('reads a membership written when only the last transition was kept', () => {
    // Prepare
    const transition = { kind: 'entered', at: '2026-11-05T09:00:00.000Z', cause: 'order-1' } as const;

    // Act
    const membership = SegmentMembership.parse({ members: {}, last: { vip: transition }, version: 3 });

    // Assess
    expect(membership).toEqual({ members: {}, recent: { vip: [transition] }, version: 3 });
  });

  it('records leaving a segment on a profile change, as segment.exited', async () => {
    const { deps, clock } = harness();
    const profileId = freshProfileId();
    const french = appEvent(
      profileId,
      'profile.updated',
      '2026-11-01T08:00:00Z',
      { locale: 'fr' },
      TRUSTED_APP,
    );
    const english = appEvent(
      profileId,
      'profile.updated',
      '2026-11-03T08:00:00Z',
      { locale: 'en' },
      TRUSTED_APP,
    );

    clock.set('2026-11-01T08:00:00Z');
    await ingestEvents([french], deps);
    clock.set('2026-11-03T08:00:00Z');
    await ingestEvents([english], deps);

    const moves = (await eventsSince(deps.store, profileId, '2026-11-01T00:00:00Z'))
      .filter((event) => event.source === 'parcours.segments')
      .map((event) => `${event.time} ${event['detail-type']} ${String(event.detail.segment)}`);
    expect(moves).toEqual([
      '2026-11-01T08:00:00.000Z segment.entered french',
      '2026-11-03T08:00:00.000Z segment.exited french',
    ]);
    expect((await readMembership(deps.store, profileId)).members).toEqual({});
  });

  it('refuses a segment, schedule or SMS receipt an app publishes: no one can forge a VIP', async () => {
    const { deps, started } = harness();
    const profileId = freshProfileId();
    const forged = [
      appEvent(profileId, 'segment.entered', '2026-11-05T09:00:00Z', { segment: 'vip' }, 'parcours.segments'),
      appEvent(
        profileId,
        'schedule.occurred',
        '2026-11-05T09:00:00Z',
        { scenario: 'monthly-newsletter', occurrence: '2026-11-02T10:00' },
        'parcours.schedules',
      ),
      // A delivery receipt: it would end a `wait-for` on sms.delivered.
      appEvent(
        profileId,
        'sms.delivered',
        '2026-11-05T09:00:00Z',
        { scenario: 'cart', step: 'sms', messageId: 'm-forged' },
        'parcours.sms',
      ),
    ];

    const report = await ingestEvents(forged, deps);

    expect(report.rejected).toEqual(
      forged.map((event) =>
        expect.objectContaining({
          eventId: event.id,
          reason: `source: "${event.source}" is Parcours' own; no app may publish under it`,
        }),
      ),
    );
    expect(started).toEqual([]);
  });
});
