import { describe, expect, it } from 'vitest';
import type { Category, Channel } from '../../../language/channel.ts';
import { addressOf, consentDecision, suppressionAddress } from '../../../shared/consent/consent.ts';
import { Profile } from '../../../shared/profiles/profile.ts';

const EMAIL = 'jane@example.com';
const PHONE = '+33612345678';
const TOKEN = { token: 'device-token-1', platform: 'fcm' } as const;

/** A customer reachable on every channel, with no consent recorded, unless `fields` say otherwise. */
function profile(fields: Partial<Record<keyof Profile, unknown>> = {}): Profile {
  return Profile.parse({ profileId: 'jane', email: EMAIL, phone: PHONE, pushTokens: [TOKEN], ...fields });
}

function decide(
  request: Partial<{
    profile: Profile | undefined;
    channel: Channel;
    category: Category;
    topic: string;
    suppressed: boolean;
  }>,
) {
  return consentDecision({
    profile: profile(),
    channel: 'email',
    category: 'marketing',
    topic: 'newsletter',
    suppressed: false,
    ...request,
  });
}

describe('consentDecision', () => {
  describe('an address comes first', () => {
    it.each([
      ['email', 'an empty email', { email: '' }],
      ['email', 'no email', { email: undefined }],
      ['sms', 'an empty phone', { phone: '' }],
      ['sms', 'no phone', { phone: undefined }],
      ['push', 'no push token', { pushTokens: [] }],
    ] as const)('%s with %s is skipped as missing-address', (channel, _label, fields) => {
      // Prepare
      const customer = profile({
        ...fields,
        consents: { email: 'opted-in', sms: 'opted-in', push: 'opted-in' },
      });

      // Act
      const decision = decide({ profile: customer, channel });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'missing-address' });
    });

    it('an unknown profile is missing-address, even for a suppressed transactional message', () => {
      // Prepare
      const request = { profile: undefined, category: 'transactional', suppressed: true } as const;

      // Act
      const decisions = (['email', 'sms', 'push'] as const).map((channel) => decide({ ...request, channel }));

      // Assess
      expect(decisions).toEqual([
        { allowed: false, reason: 'missing-address' },
        { allowed: false, reason: 'missing-address' },
        { allowed: false, reason: 'missing-address' },
      ]);
    });

    it('a missing address is reported before a suppression', () => {
      // Prepare
      const customer = profile({ email: '' });

      // Act
      const decision = decide({ profile: customer, suppressed: true });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'missing-address' });
    });

    it('a missing address on one channel does not block another', () => {
      // Prepare
      const customer = profile({ email: '' });

      // Act
      const decision = decide({ profile: customer, channel: 'push' });

      // Assess
      expect(decision).toEqual({ allowed: true, address: { channel: 'push', tokens: [TOKEN] } });
    });
  });

  describe('suppression', () => {
    it.each(['marketing', 'transactional'] as const)('beats a %s message', (category) => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-in', topics: { newsletter: 'opted-in' } } });

      // Act
      const decision = decide({ profile: customer, category, suppressed: true });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'suppressed' });
    });

    it('is reported before an opt-out', () => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-out', topics: { newsletter: 'opted-out' } } });

      // Act
      const decision = decide({ profile: customer, suppressed: true });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'suppressed' });
    });
  });

  describe('transactional messages', () => {
    it('bypass a marketing opt-out of the channel and the topic', () => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-out', topics: { newsletter: 'opted-out' } } });

      // Act
      const decision = decide({ profile: customer, category: 'transactional' });

      // Assess
      expect(decision).toEqual({ allowed: true, address: { channel: 'email', email: EMAIL } });
    });

    it('bypass the SMS opt-in requirement', () => {
      // Prepare
      const customer = profile({ consents: {} });

      // Act
      const decision = decide({ profile: customer, channel: 'sms', category: 'transactional' });

      // Assess
      expect(decision).toEqual({ allowed: true, address: { channel: 'sms', phone: PHONE } });
    });
  });

  describe('SMS marketing needs an explicit opt-in', () => {
    it('without any SMS consent it is no-consent', () => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-in', push: 'opted-in' } });

      // Act
      const decision = decide({ profile: customer, channel: 'sms' });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'no-consent' });
    });

    it('an opt-out is refused too', () => {
      // Prepare
      const customer = profile({ consents: { sms: 'opted-out' } });

      // Act
      const decision = decide({ profile: customer, channel: 'sms' });

      // Assess
      expect(decision.allowed).toBe(false);
    });

    it('an opt-in is sent to the phone', () => {
      // Prepare
      const customer = profile({ consents: { sms: 'opted-in' } });

      // Act
      const decision = decide({ profile: customer, channel: 'sms' });

      // Assess
      expect(decision).toEqual({ allowed: true, address: { channel: 'sms', phone: PHONE } });
    });

    it('an opt-in to SMS still respects a topic opt-out', () => {
      // Prepare
      const customer = profile({ consents: { sms: 'opted-in', topics: { newsletter: 'opted-out' } } });

      // Act
      const decision = decide({ profile: customer, channel: 'sms' });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
    });
  });

  describe('email and push marketing are sent unless the customer opted out', () => {
    it.each([
      ['email', { channel: 'email', email: EMAIL }],
      ['push', { channel: 'push', tokens: [TOKEN] }],
    ] as const)('%s without any consent recorded is sent', (channel, address) => {
      // Prepare
      const customer = profile({ consents: {} });

      // Act
      const decision = decide({ profile: customer, channel });

      // Assess
      expect(decision).toEqual({ allowed: true, address });
    });

    it.each(['email', 'push'] as const)('%s opted out is unsubscribed', (channel) => {
      // Prepare
      const customer = profile({ consents: { [channel]: 'opted-out' } });

      // Act
      const decision = decide({ profile: customer, channel });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'unsubscribed' });
    });

    it('an opt-out of one channel does not affect another', () => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-out' } });

      // Act
      const decision = decide({ profile: customer, channel: 'push' });

      // Assess
      expect(decision.allowed).toBe(true);
    });

    it('a channel opt-out is reported before a topic opt-out', () => {
      // Prepare
      const customer = profile({ consents: { email: 'opted-out', topics: { newsletter: 'opted-out' } } });

      // Act
      const decision = decide({ profile: customer });

      // Assess
      expect(decision).toEqual({ allowed: false, reason: 'unsubscribed' });
    });
  });

  describe('topics', () => {
    it.each(['email', 'push'] as const)(
      '%s: an opt-out of the topic is unsubscribed-from-topic',
      (channel) => {
        // Prepare
        const customer = profile({ consents: { topics: { newsletter: 'opted-out' } } });

        // Act
        const decision = decide({ profile: customer, channel, topic: 'newsletter' });

        // Assess
        expect(decision).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
      },
    );

    it('an opt-out of another topic does not matter', () => {
      // Prepare
      const customer = profile({ consents: { topics: { newsletter: 'opted-out', onboarding: 'opted-in' } } });

      // Act
      const decision = decide({ profile: customer, topic: 'onboarding' });

      // Assess
      expect(decision).toEqual({ allowed: true, address: { channel: 'email', email: EMAIL } });
    });
  });
});

describe('addressOf and suppressionAddress', () => {
  it('read the address of each channel, and key suppression by email or phone only', () => {
    // Prepare
    const customer = profile();

    // Act
    const addresses = (['email', 'sms', 'push'] as const).map((channel) => addressOf(customer, channel));
    const keys = addresses.map((address) => (address === undefined ? 'none' : suppressionAddress(address)));

    // Assess
    expect(addresses).toEqual([
      { channel: 'email', email: EMAIL },
      { channel: 'sms', phone: PHONE },
      { channel: 'push', tokens: [TOKEN] },
    ]);
    expect(keys).toEqual([EMAIL, PHONE, undefined]);
  });
});
