import { describe, expect, it } from 'vitest';
import { PARCOURS_SOURCES } from '../../../language/sources.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { consentDecision } from '../../../shared/consent/consent.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { rejectedOn } from '../../../shared/ingest/rejected-store.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { appEvent, freshProfileId, TRUSTED_APP } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

describe('consent and contact data: ordered by event time, changed only by trusted sources', () => {
  const NOW = '2026-11-20T12:00:00Z';
  const harness = useIngestHarness(NOW);

  it('keeps a one-click unsubscribe when an older opt-in arrives after it, so no email goes out', async () => {
    // Prepare
    const profileId = freshProfileId();
    const setup = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:00:00Z',
      { email: 'jane@example.com' },
      TRUSTED_APP,
    );
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:59:00Z',
      { channel: 'email', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );
    const staleOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:00:00Z',
      { channel: 'email', status: 'opted-in' },
      TRUSTED_APP,
    );

    // Act
    const report = await ingestEvents([setup, unsubscribe, staleOptIn], harness.deps);

    // Assess
    expect(report).toMatchObject({ accepted: 3, rejected: [], failed: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents.email).toBe('opted-out');
    expect(profile?.stamps?.['consents.email']).toEqual({
      at: '2026-11-20T11:59:00.000Z',
      eventId: unsubscribe.id,
    });
    const decision = consentDecision({
      profile,
      channel: 'email',
      category: 'marketing',
      topic: 'news',
      suppressed: false,
    });
    expect(decision).toEqual({ allowed: false, reason: 'unsubscribed' });
  });

  it('lets an opt-out win over an opt-in of the same instant, in either arrival order', async () => {
    for (const order of ['in-first', 'out-first'] as const) {
      // Prepare
      const profileId = freshProfileId();
      const at = '2026-11-20T09:00:00Z';
      // Ids chosen so the opt-in has the greater id: the tie is not settled by id.
      const optIn = {
        ...appEvent(
          profileId,
          'subscription.changed',
          at,
          { channel: 'sms', status: 'opted-in' },
          TRUSTED_APP,
        ),
        id: 'zzz',
      };
      const optOut = {
        ...appEvent(
          profileId,
          'subscription.changed',
          at,
          { channel: 'sms', status: 'opted-out' },
          TRUSTED_APP,
        ),
        id: 'aaa',
      };

      // Act
      await ingestEvents(order === 'in-first' ? [optIn, optOut] : [optOut, optIn], harness.deps);

      // Assess
      expect((await loadCustomer(harness.dynamo.store, profileId)).profile?.consents.sms, order).toBe(
        'opted-out',
      );
    }
  });

  it('keeps an opt-in from an untrusted source as rejected, naming the field, the source and the event', async () => {
    // Prepare
    const profileId = freshProfileId();
    const optOut = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T09:00:00Z',
      { channel: 'email', status: 'opted-out' },
      TRUSTED_APP,
    );
    const forged = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:00:00Z',
      { channel: 'email', status: 'opted-in' },
      'random-app',
    );

    // Act
    const report = await ingestEvents([optOut, forged], harness.deps);

    // Assess
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([
      {
        eventId: forged.id,
        profileId,
        reason: expect.stringMatching(/^detail\.status: source "random-app" may not change consent/),
      },
    ]);
    expect((await loadCustomer(harness.dynamo.store, profileId)).profile?.consents.email).toBe('opted-out');
    const kept = (await rejectedOn(harness.dynamo.store, NOW.slice(0, 10))).find(
      ({ eventId }) => eventId === forged.id,
    );
    expect(kept).toMatchObject({
      profileId,
      source: 'random-app',
      detailType: 'subscription.changed',
      raw: forged,
    });
  });

  it('refuses contact data from an untrusted source but takes its traits from a traits-only update', async () => {
    // Prepare
    const profileId = freshProfileId();
    const good = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T09:00:00Z',
      { email: 'jane@example.com' },
      TRUSTED_APP,
    );
    const hijack = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:00:00Z',
      { email: 'thief@evil.example', traits: { plan: 'pro' } },
      'random-app',
    );
    const traits = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:01:00Z',
      { traits: { role: 'developer' } },
      'random-app',
    );

    // Act
    const report = await ingestEvents([good, hijack, traits], harness.deps);

    // Assess
    expect(report.rejected.map(({ eventId, reason }) => [eventId, reason.split(':')[0]])).toEqual([
      [hijack.id, 'detail.email'],
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.email).toBe('jane@example.com');
    expect(profile?.attributes).toEqual({ role: 'developer' });
  });

  it.each([
    ['email', 'not-an-email', 'jane@example.com'],
    ['phone', '12345', '+33612345678'],
    ['timeZone', 'Paris', 'Europe/Paris'],
    ['locale', 'not a locale!', 'fr-FR'],
  ])('rejects %s "%s" naming the field, and keeps the good value', async (field, bad, good) => {
    // Prepare
    const profileId = freshProfileId();
    const first = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T09:00:00Z',
      { [field]: good },
      TRUSTED_APP,
    );
    const broken = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:00:00Z',
      { [field]: bad },
      TRUSTED_APP,
    );

    // Act
    const report = await ingestEvents([first, broken], harness.deps);

    // Assess
    expect(report.rejected).toEqual([
      { eventId: broken.id, profileId, reason: expect.stringMatching(new RegExp(`^detail\\.${field}: `)) },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.[field as 'email']).toBe(good);
  });

  it('stores phone numbers as E.164 and locales in their canonical form', async () => {
    // Prepare
    const profileId = freshProfileId();
    const update = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T09:00:00Z',
      { phone: '+33 6 12 34 56 78', locale: 'fr-fr', email: ' jane@example.com ' },
      TRUSTED_APP,
    );

    // Act
    await ingestEvents([update], harness.deps);

    // Assess
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile).toMatchObject({ phone: '+33612345678', locale: 'fr-FR', email: 'jane@example.com' });
  });
  it('takes only opt-outs from the unsubscribe source, so a forged opt-in under it cannot undo an unsubscribe', async () => {
    // Prepare: the customer unsubscribed; any app may publish under the endpoint's source.
    const profileId = freshProfileId();
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T09:00:00Z',
      { channel: 'email', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );
    const forgedOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:00:00Z',
      { channel: 'email', status: 'opted-in' },
      PARCOURS_SOURCES.unsubscribe,
    );
    const forgedEmail = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T11:01:00Z',
      { email: 'someone-else@example.com' },
      PARCOURS_SOURCES.unsubscribe,
    );

    // Act
    const report = await ingestEvents([unsubscribe, forgedOptIn, forgedEmail], harness.deps);

    // Assess
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([
      {
        eventId: forgedOptIn.id,
        profileId,
        reason: expect.stringMatching(
          /^detail\.status: source "parcours\.unsubscribe" only opts customers out/,
        ),
      },
      {
        eventId: forgedEmail.id,
        profileId,
        reason: expect.stringMatching(
          /^detail\.email: source "parcours\.unsubscribe" only opts customers out/,
        ),
      },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents.email).toBe('opted-out');
    expect(profile?.email).toBeUndefined();
  });

  it('refuses an event dated more than five minutes ahead of its arrival, so it cannot outrank later opt-outs', async () => {
    // Prepare: the harness clock is NOW; an opt-in dated 2099 from a trusted app, then an
    // unsubscribe dated now, and an opt-in within the clocks' tolerance.
    const profileId = freshProfileId();
    const future = appEvent(
      profileId,
      'subscription.changed',
      '2099-01-01T00:00:00Z',
      { channel: 'email', status: 'opted-in' },
      TRUSTED_APP,
    );
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      NOW,
      { channel: 'email', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );
    const slightlyAhead = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T12:04:00Z',
      { channel: 'sms', status: 'opted-in' },
      TRUSTED_APP,
    );

    // Act
    const report = await ingestEvents([future, unsubscribe, slightlyAhead], harness.deps);

    // Assess
    expect(report.accepted).toBe(2);
    expect(report.rejected).toEqual([
      {
        eventId: future.id,
        profileId,
        reason:
          'time: 2099-01-01T00:00:00Z is 26,340 days after the event arrived (2026-11-20T12:00:00.000Z); ' +
          'an event may be dated at most 5 minutes ahead of its arrival',
      },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents).toMatchObject({ email: 'opted-out', sms: 'opted-in' });
    const kept = (await rejectedOn(harness.dynamo.store, NOW.slice(0, 10))).find(
      ({ eventId }) => eventId === future.id,
    );
    expect(kept).toMatchObject({ profileId, raw: future });
  });

  it("orders an event dated ahead of its arrival at its arrival: a fast clock's opt-in does not outrank a later unsubscribe", async () => {
    // Prepare: at 12:00 an app whose clock runs 4 minutes fast sends an opt-in dated 12:04; the
    // customer unsubscribes at 12:02.
    const profileId = freshProfileId();
    const clock = new ManualClock(NOW);
    const deps = { ...harness.deps, clock };
    const fastOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T12:04:00Z',
      { channel: 'email', status: 'opted-in' },
      TRUSTED_APP,
    );
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T12:02:00Z',
      { channel: 'email', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );

    // Act
    const first = await ingestEvents([fastOptIn], deps);
    clock.set('2026-11-20T12:02:00Z');
    const second = await ingestEvents([unsubscribe], deps);

    // Assess
    expect([first.accepted, second.accepted]).toEqual([1, 1]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents.email).toBe('opted-out');
    expect(profile?.stamps?.['consents.email']).toEqual({
      at: '2026-11-20T12:02:00.000Z',
      eventId: unsubscribe.id,
    });
  });

  it("orders a fast clock's opt-in at its arrival's second: an unsubscribe later in that second still holds", async () => {
    // Prepare: the opt-in (dated 12:02, its app's clock fast) arrives at 12:00:00.300; the
    // customer's one-click unsubscribe arrives at 12:00:00.700, dated to the second as the bus
    // dates events. Ordered at 12:00:00.300, the opt-in outranked it
    const profileId = freshProfileId();
    const clock = new ManualClock('2026-11-20T12:00:00.300Z');
    const deps = { ...harness.deps, clock };
    const fastOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T12:02:00Z',
      { channel: 'email', topic: 'conversion', status: 'opted-in' },
      TRUSTED_APP,
    );
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T12:00:00Z',
      { channel: 'email', topic: 'conversion', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );

    // Act
    await ingestEvents(
      [
        appEvent(
          profileId,
          'profile.updated',
          '2026-11-20T11:00:00Z',
          { email: 'jane@example.com' },
          TRUSTED_APP,
        ),
      ],
      deps,
    );
    await ingestEvents([fastOptIn], deps);
    clock.set('2026-11-20T12:00:00.700Z');
    await ingestEvents([unsubscribe], deps);

    // Assess
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(
      consentDecision({
        profile,
        channel: 'email',
        category: 'marketing',
        topic: 'conversion',
        suppressed: false,
      }),
    ).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
  });

  it("takes the unsubscribe endpoint's opt-outs when trusted-sources does not list it", async () => {
    // Prepare: a list naming the app only; the endpoint had confirmed the unsubscribe to the
    // customer, and ingest kept it as rejected
    const profileId = freshProfileId();
    const config = { ...harness.deps.bundle.config, 'trusted-sources': [TRUSTED_APP] };
    const deps = { ...harness.deps, bundle: { ...harness.deps.bundle, config } };
    const unsubscribe = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:00:00Z',
      { channel: 'email', topic: 'conversion', status: 'opted-out', via: 'one-click' },
      PARCOURS_SOURCES.unsubscribe,
    );
    const forgedOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:30:00Z',
      { channel: 'email', topic: 'conversion', status: 'opted-in' },
      PARCOURS_SOURCES.unsubscribe,
    );

    // Act
    const report = await ingestEvents(
      [
        appEvent(
          profileId,
          'profile.updated',
          '2026-11-20T10:00:00Z',
          { email: 'jane@example.com' },
          TRUSTED_APP,
        ),
        unsubscribe,
        forgedOptIn,
      ],
      deps,
    );

    // Assess: the opt-out kept, an opt-in under its source still refused
    expect(report.rejected.map(({ eventId }) => eventId)).toEqual([forgedOptIn.id]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(
      consentDecision({
        profile,
        channel: 'email',
        category: 'marketing',
        topic: 'conversion',
        suppressed: false,
      }),
    ).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
  });

  it('refuses a consent sent in profile.updated, naming the field, rather than dropping it', async () => {
    // Prepare
    const profileId = freshProfileId();
    const update = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T09:00:00Z',
      { email: 'jane@example.com', consents: { email: 'opted-out' } },
      TRUSTED_APP,
    );

    // Act
    const report = await ingestEvents([update], harness.deps);

    // Assess
    expect(report.accepted).toBe(0);
    expect(report.rejected).toEqual([
      {
        eventId: update.id,
        profileId,
        reason: expect.stringMatching(/^detail\.consents: consent changes are subscription\.changed events/),
      },
    ]);
  });

  it("keeps a topic's email unsubscribe when the customer opts in to the topic by SMS, and lets each channel's opt-in lift it there only", async () => {
    // Prepare: the one-click unsubscribe of a conversion email, then an SMS opt-in to conversion
    const profileId = freshProfileId();
    const change = (time: string, channel: 'email' | 'sms' | 'push', status: 'opted-in' | 'opted-out') =>
      appEvent(
        profileId,
        'subscription.changed',
        time,
        { channel, topic: 'conversion', status },
        TRUSTED_APP,
      );
    const setup = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:00:00Z',
      {
        email: 'jane@example.com',
        phone: '+33612345678',
        pushTokens: [{ token: 'device-1', platform: 'fcm' }],
      },
      TRUSTED_APP,
    );
    const events = [
      setup,
      appEvent(
        profileId,
        'subscription.changed',
        '2026-11-20T10:00:00Z',
        { channel: 'sms', status: 'opted-in' },
        TRUSTED_APP,
      ),
      change('2026-11-20T11:00:00Z', 'email', 'opted-out'),
      change('2026-11-20T11:30:00Z', 'sms', 'opted-in'),
      // An opt-in older than the opt-out lifts nothing.
      change('2026-11-20T10:30:00Z', 'push', 'opted-in'),
    ];

    // Act
    const report = await ingestEvents(events, harness.deps);

    // Assess
    expect(report).toMatchObject({ accepted: events.length, rejected: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    const decide = (channel: 'email' | 'sms' | 'push') =>
      consentDecision({ profile, channel, category: 'marketing', topic: 'conversion', suppressed: false });
    expect(decide('email')).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
    expect(decide('push')).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
    expect(decide('sms')).toMatchObject({ allowed: true });
  });

  it('reads a topic in lower case without spaces around it, and refuses one no scenario could name', async () => {
    // Prepare
    const profileId = freshProfileId();
    const change = (topic: string) =>
      appEvent(
        profileId,
        'subscription.changed',
        '2026-11-20T11:00:00Z',
        { channel: 'email', topic, status: 'opted-out' },
        TRUSTED_APP,
      );
    const written = change('Conversion ');
    const unnamed = change('news letter');

    // Act
    const report = await ingestEvents([written, unnamed], harness.deps);

    // Assess
    expect(report.accepted).toBe(1);
    expect(report.rejected).toEqual([
      {
        eventId: unnamed.id,
        profileId,
        reason: expect.stringMatching(/^detail\.topic: a topic is named as scenarios/),
      },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents.topics).toEqual({ conversion: 'opted-out' });
  });

  it("refuses an app's event whose id is longer than 256 characters, naming the field", async () => {
    // Prepare
    const profileId = freshProfileId();
    const long = {
      ...appEvent(
        profileId,
        'subscription.changed',
        '2026-11-20T11:00:00Z',
        { channel: 'email', status: 'opted-out' },
        TRUSTED_APP,
      ),
      id: 'x'.repeat(257),
    };

    // Act
    const report = await ingestEvents([long], harness.deps);

    // Assess
    expect(report.accepted).toBe(0);
    expect(report.rejected).toEqual([
      expect.objectContaining({ profileId, reason: 'id: 257 characters; an event id is at most 256' }),
    ]);
  });
});
