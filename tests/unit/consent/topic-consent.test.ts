import { describe, expect, it } from 'vitest';
import { consentDecision } from '../../../shared/consent/consent.ts';
import { withConsent } from '../../../shared/ingest/profile-changes.ts';
import { Profile } from '../../../shared/profiles/profile.ts';

const base = { profileId: 'p-1', email: 'jane@example.com', phone: '+33612345678' };

const decide = (profile: Profile, channel: 'email' | 'sms') =>
  consentDecision({ profile, channel, category: 'marketing', topic: 'conversion', suppressed: false });

describe("a topic's consent", () => {
  it('holds an older opt-out that arrives after an opt-in written before opt-ins named their channel', () => {
    // Prepare: an opt-in to conversion at 10:02, stored for every channel as profiles once were
    const legacy = Profile.parse({
      ...base,
      consents: { sms: 'opted-in', topics: { conversion: 'opted-in' } },
      stamps: { 'consents.topics.conversion': { at: '2026-11-20T10:02:00.000Z', eventId: 'sms-opt-in' } },
    });

    // Act: the email unsubscribe of 10:01, arriving late
    const after = withConsent(
      legacy,
      { profileId: 'p-1', channel: 'email', topic: 'conversion', status: 'opted-out' },
      { at: '2026-11-20T10:01:00.000Z', eventId: 'email-opt-out' },
    );

    // Assess
    expect(after.consents.topics.conversion).toBe('opted-out');
    expect(decide(after, 'email')).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
  });

  it("holds an opt-out an imported profile keeps under a channel's topics", () => {
    // Prepare
    const imported = Profile.parse({
      ...base,
      consents: { topics: {}, channelTopics: { email: { conversion: 'opted-out' } } },
    });

    // Act
    const decision = decide(imported, 'email');

    // Assess
    expect(decision).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
  });
});
