import { describe, expect, it } from 'vitest';
import {
  consentDecision,
  optedOutOfTopic,
  topicConsents,
  topicConsentText,
} from '../../../shared/consent/consent.ts';
import { withConsent } from '../../../shared/ingest/profile-changes.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { ALL_TOPICS, foldTopicOptOuts } from '../../../shared/profiles/profile-room.ts';

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

  it('folds every opt-out, with the latest stamp, and keeps opt-ins and other stamps as they were', () => {
    // Prepare: two topic opt-outs, an opt-in on email and an earlier fold
    const profile = Profile.parse({
      ...base,
      consents: {
        topics: { conversion: 'opted-out', news: 'opted-out', [ALL_TOPICS]: 'opted-out' },
        channelTopics: { email: { deals: 'opted-in' } },
      },
      stamps: {
        'consents.topics.conversion': { at: '2026-11-20T10:05:00.000Z', eventId: 'b' },
        'consents.topics.news': { at: '2026-11-20T10:05:00.000Z', eventId: 'c' },
        [`consents.topics.${ALL_TOPICS}`]: { at: '2026-11-20T10:01:00.000Z', eventId: 'z' },
        'consents.channelTopics.email.deals': { at: '2026-11-20T10:03:00.000Z', eventId: 'd' },
        email: { at: '2026-11-20T09:00:00.000Z', eventId: 'e' },
      },
    });

    // Act
    const folded = foldTopicOptOuts(profile);

    // Assess: the latest by time, then id; the opt-in of 10:03 lifts none of it
    expect(folded.consents).toEqual({
      topics: { [ALL_TOPICS]: 'opted-out' },
      channelTopics: { email: { deals: 'opted-in' } },
    });
    expect(folded.stamps).toEqual({
      [`consents.topics.${ALL_TOPICS}`]: { at: '2026-11-20T10:05:00.000Z', eventId: 'c' },
      'consents.channelTopics.email.deals': { at: '2026-11-20T10:03:00.000Z', eventId: 'd' },
      email: { at: '2026-11-20T09:00:00.000Z', eventId: 'e' },
    });
    expect(optedOutOfTopic(folded, 'email', 'deals')).toBe(true);
    expect(optedOutOfTopic(folded, 'push', 'anything')).toBe(true);
  });

  it('lets an opt-in later than an opt-out of every topic lift it on its channel, not at the same instant', () => {
    // Prepare
    const at = (time: string, eventId: string) => ({ at: `2026-11-20T${time}.000Z`, eventId });
    const profile = (optIn: { at: string; eventId: string }) =>
      Profile.parse({
        ...base,
        consents: { topics: { [ALL_TOPICS]: 'opted-out' }, channelTopics: { email: { deals: 'opted-in' } } },
        stamps: {
          [`consents.topics.${ALL_TOPICS}`]: at('10:00:00', 'out'),
          'consents.channelTopics.email.deals': optIn,
        },
      });

    // Act
    const same = profile(at('10:00:00', 'zzz'));
    const later = profile(at('10:00:01', 'in'));

    // Assess
    expect(optedOutOfTopic(same, 'email', 'deals')).toBe(true);
    expect(optedOutOfTopic(later, 'email', 'deals')).toBe(false);
    expect(optedOutOfTopic(later, 'sms', 'deals')).toBe(true);
    expect(optedOutOfTopic(later, 'email', 'news')).toBe(true);
  });

  it('marks in lists an opt-in that an opt-out as recent or more overrides', () => {
    // Prepare: conversion opted out at 10:02; opted in on email at 10:01 and on sms at 10:03
    const profile = Profile.parse({
      ...base,
      consents: {
        topics: { conversion: 'opted-out' },
        channelTopics: {
          email: { conversion: 'opted-in' },
          sms: { conversion: 'opted-in', news: 'opted-in' },
        },
      },
      stamps: {
        'consents.topics.conversion': { at: '2026-11-20T10:02:00.000Z', eventId: 'out' },
        'consents.channelTopics.email.conversion': { at: '2026-11-20T10:01:00.000Z', eventId: 'in-1' },
        'consents.channelTopics.sms.conversion': { at: '2026-11-20T10:03:00.000Z', eventId: 'in-2' },
        'consents.channelTopics.sms.news': { at: '2026-11-20T10:00:00.000Z', eventId: 'in-3' },
      },
    });

    // Act
    const lines = topicConsents(profile).map(topicConsentText);

    // Assess
    expect(lines).toEqual([
      'conversion opted-out',
      'conversion on email opted-in (no effect: an opt-out as recent or more holds)',
      'conversion on sms opted-in',
      'news on sms opted-in',
    ]);
  });

  it('marks an opt-in kept the old way, for every channel, when the opt-outs were folded', () => {
    // Prepare: news opted into before opt-ins named their channel; later, a fold
    const profile = Profile.parse({
      ...base,
      consents: { topics: { news: 'opted-in', [ALL_TOPICS]: 'opted-out' } },
      stamps: {
        'consents.topics.news': { at: '2026-11-20T10:00:00.000Z', eventId: 'in' },
        [`consents.topics.${ALL_TOPICS}`]: { at: '2026-11-20T11:00:00.000Z', eventId: 'out' },
      },
    });

    // Act
    const lines = topicConsents(profile).map(topicConsentText);

    // Assess: it lifts nothing, as the send reads it
    expect(optedOutOfTopic(profile, 'email', 'news')).toBe(true);
    expect(lines).toEqual([
      'news opted-in (no effect: an opt-out as recent or more holds)',
      'every topic (opt-outs folded) opted-out',
    ]);
  });
});
