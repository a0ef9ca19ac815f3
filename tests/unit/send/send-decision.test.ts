import { describe, expect, it } from 'vitest';
import { Profile } from '../../../shared/profiles/profile.ts';
import { decideSend, type SendFacts } from '../../../shared/send/send-decision.ts';

/** A customer who may receive everything: an email, an opted-in phone, Paris time. */
const reachable = Profile.parse({
  profileId: 'jane',
  email: 'jane@example.com',
  phone: '+33612345678',
  timeZone: 'Europe/Paris',
  consents: { sms: 'opted-in' },
});

/** Wednesday 2026-12-02 at 15:00 in Paris: outside quiet hours. */
const AFTERNOON = new Date('2026-12-02T14:00:00Z');
/** The same day at 23:00 in Paris, 22:00 UTC: inside quiet hours 21:00 to 08:00. */
const NIGHT = new Date('2026-12-02T22:00:00Z');

function facts(overrides: Partial<SendFacts> = {}): SendFacts {
  return {
    channel: 'email',
    category: 'marketing',
    topic: 'offers',
    now: AFTERNOON,
    config: { 'time-zone': 'UTC', 'quiet-hours': { from: '21:00', to: '08:00', channels: ['sms', 'push'] } },
    converted: false,
    inGlobalControl: false,
    profile: reachable,
    suppressed: false,
    ...overrides,
  };
}

describe('the send decision, without a store', () => {
  it('sends a marketing email to a reachable customer, within the frequency caps', () => {
    expect(decideSend(facts())).toEqual({
      kind: 'send',
      address: { channel: 'email', email: 'jane@example.com' },
      withinCaps: true,
    });
  });

  it('sends a transactional message outside the caps, to the global control group and at night', () => {
    // Act
    const decision = decideSend(
      facts({ category: 'transactional', channel: 'sms', inGlobalControl: true, now: NIGHT }),
    );

    // Assess
    expect(decision).toEqual({
      kind: 'send',
      address: { channel: 'sms', phone: '+33612345678' },
      withinCaps: false,
    });
  });

  it('sends nothing more for a converted journey, before any other rule', () => {
    expect(decideSend(facts({ converted: true, inGlobalControl: true, profile: undefined }))).toEqual({
      kind: 'converted',
    });
  });

  it('skips a marketing message for the global control group, even when consent would refuse it too', () => {
    expect(decideSend(facts({ inGlobalControl: true, suppressed: true }))).toEqual({
      kind: 'skip',
      reason: 'global-control',
    });
  });

  it.each([
    ['a customer without the address', { profile: Profile.parse({ profileId: 'joe' }) }, 'missing-address'],
    ['an unknown customer', { profile: undefined }, 'missing-address'],
    [
      'a suppressed address, even transactional',
      { suppressed: true, category: 'transactional' as const },
      'suppressed',
    ],
    [
      'an email opt-out',
      { profile: Profile.parse({ ...reachable, consents: { email: 'opted-out' } }) },
      'unsubscribed',
    ],
    [
      'an SMS without an opt-in',
      { channel: 'sms' as const, profile: Profile.parse({ ...reachable, consents: {} }) },
      'no-consent',
    ],
    [
      'a topic opt-out',
      { profile: Profile.parse({ ...reachable, consents: { topics: { offers: 'opted-out' } } }) },
      'unsubscribed-from-topic',
    ],
  ])('skips %s with its reason', (_label, overrides, reason) => {
    expect(decideSend(facts(overrides))).toEqual({ kind: 'skip', reason });
  });

  it("defers a marketing SMS at night in the customer's time zone until quiet hours end", () => {
    // Act
    const decision = decideSend(facts({ channel: 'sms', now: NIGHT }));

    // Assess: 08:00 in Paris the next morning
    expect(decision).toEqual({ kind: 'defer', until: new Date('2026-12-03T07:00:00Z') });
  });

  it('sends a marketing email at night when quiet hours cover only SMS and push', () => {
    expect(decideSend(facts({ now: NIGHT }))).toMatchObject({ kind: 'send' });
  });

  it('skips for consent before deferring for quiet hours', () => {
    expect(decideSend(facts({ channel: 'sms', now: NIGHT, suppressed: true }))).toEqual({
      kind: 'skip',
      reason: 'suppressed',
    });
  });
});
