import { describe, expect, it } from 'vitest';
import { eventsSince } from '../../../shared/events/event-store.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { appEvent, freshProfileId, TRUSTED_APP } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

describe('ingest of profile and consent events', () => {
  const harness = useIngestHarness('2025-03-03T10:00:00Z');

  it('upserts traits into attributes and contact fields, keeping what the event does not mention', async () => {
    // Prepare
    const profileId = freshProfileId();
    const first = appEvent(
      profileId,
      'profile.updated',
      '2025-03-03T09:00:00Z',
      {
        traits: { firstName: 'Jane', role: 'marketer', plan: 'trial' },
        email: 'jane@example.com',
        timeZone: 'Europe/Paris',
        pushTokens: [{ token: 'token-a', platform: 'fcm' }],
      },
      'app',
    );
    const second = appEvent(
      profileId,
      'profile.updated',
      '2025-03-03T09:05:00Z',
      {
        traits: { role: 'developer', plan: null },
        phone: '+33612345678',
        pushTokens: [{ token: 'token-b', platform: 'apns' }],
      },
      'app',
    );

    // Act
    const report = await ingestEvents([first, second], harness.deps);

    // Assess
    expect(report.accepted).toBe(2);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile).toMatchObject({
      profileId,
      attributes: { firstName: 'Jane', role: 'developer' },
      email: 'jane@example.com',
      phone: '+33612345678',
      timeZone: 'Europe/Paris',
      pushTokens: [
        { token: 'token-a', platform: 'fcm' },
        { token: 'token-b', platform: 'apns' },
      ],
    });
    expect(profile?.attributes).not.toHaveProperty('plan');
  });

  it('keeps one of each push token, the one registered again last', async () => {
    // Prepare: a device's token registered again after another's, as an app does at each start
    const profileId = freshProfileId();
    const register = (time: string, token: string) =>
      appEvent(profileId, 'profile.updated', time, { pushTokens: [{ token, platform: 'fcm' }] }, 'app');

    // Act
    await ingestEvents(
      [
        register('2025-03-03T09:00:00Z', 'token-a'),
        register('2025-03-03T09:01:00Z', 'token-b'),
        register('2025-03-03T09:02:00Z', 'token-a'),
      ],
      harness.deps,
    );

    // Assess: the token least recently registered first, which a full profile gives up first
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.pushTokens.map(({ token }) => token)).toEqual(['token-b', 'token-a']);
  });

  it('sets a channel consent, and a topic consent without touching the channel', async () => {
    // Prepare
    const profileId = freshProfileId();
    const smsOptIn = appEvent(
      profileId,
      'subscription.changed',
      '2025-03-03T09:00:00Z',
      { channel: 'sms', status: 'opted-in', via: 'checkout' },
      TRUSTED_APP,
    );
    const newsletterOptOut = appEvent(
      profileId,
      'subscription.changed',
      '2025-03-03T09:01:00Z',
      { channel: 'email', topic: 'newsletter', status: 'opted-out' },
      TRUSTED_APP,
    );

    // Act
    await ingestEvents([smsOptIn, newsletterOptOut], harness.deps);

    // Assess
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents).toEqual({ sms: 'opted-in', topics: { newsletter: 'opted-out' } });
  });

  it('records an event of a type it does not know against its profile and updates aggregates', async () => {
    // Prepare
    const profileId = freshProfileId();
    const opened = appEvent(profileId, 'app.opened', '2025-03-03T09:00:00Z', { screen: 'home' }, 'app');

    // Act
    const report = await ingestEvents([opened], harness.deps);

    // Assess
    expect(report.accepted).toBe(1);
    expect(await eventsSince(harness.dynamo.store, profileId, '2025-03-03T00:00:00.000Z')).toEqual([opened]);
    const { aggregates, profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(aggregates.cells.app_opens).toEqual({ value: 1, at: '2025-03-03T09:00:00Z' });
    expect(profile).toBeUndefined();
  });
});
