import { describe, expect, it } from 'vitest';
import { PARCOURS_SOURCES } from '../../../language/sources.ts';
import { consentDecision, topicConsents, topicConsentText } from '../../../shared/consent/consent.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { stampOf } from '../../../shared/profiles/ordered-fields.ts';
import type { Profile } from '../../../shared/profiles/profile.ts';
import { ALL_TOPICS, PROFILE_DATA_LIMIT_BYTES } from '../../../shared/profiles/profile-room.ts';
import { loadCustomer } from '../../../shared/profiles/store.ts';
import { DYNAMODB_ITEM_LIMIT_BYTES, itemSizeBytes } from '../../../shared/store/item-size.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys } from '../../../shared/store/keys.ts';
import { appEvent, freshProfileId, TRUSTED_APP } from '../../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../../helpers/ingest-harness.ts';

/** A `profile.updated` whose one trait holds `bytes` characters. */
function bulkyTraits(profileId: string, at: string, name: string, bytes: number) {
  return appEvent(profileId, 'profile.updated', at, { traits: { [name]: 'x'.repeat(bytes) } }, TRUSTED_APP);
}

/** The customer's unsubscribe from email, at 11:00, as the unsubscribe link sends it. */
function oneClickUnsubscribe(profileId: string) {
  return appEvent(
    profileId,
    'subscription.changed',
    '2026-11-20T11:00:00Z',
    { channel: 'email', status: 'opted-out', via: 'one-click' },
    PARCOURS_SOURCES.unsubscribe,
  );
}

/** A topic of 48 characters, as a source that made a topic per product could send. */
const productTopic = (index: number) => `${'p'.repeat(44)}${String(index).padStart(4, '0')}`;

/**
 * A profile whose traits take nearly their room and whose topic opt-outs (ids of 256 characters)
 * fill the rest of the item but 50 bytes, less than any opt-out or opt-in takes. Written as a
 * store holds it; returns how many opt-outs it holds, the last at 10:00 and that many seconds.
 */
async function spammedProfile(store: ItemStore, profileId: string): Promise<number> {
  const stamp = (index: number) => ({
    at: new Date(Date.parse('2026-11-20T10:00:00Z') + index * 1_000).toISOString(),
    eventId: `${'e'.repeat(250)}${String(index).padStart(6, '0')}`,
  });
  const base = {
    ...keys.profile(profileId),
    profileId,
    email: 'jane@example.com',
    phone: '+33612345678',
    consents: { sms: 'opted-in', topics: {} as Record<string, string> },
    attributes: { history: 'x'.repeat(PROFILE_DATA_LIMIT_BYTES - 3_000) },
    stamps: {} as Record<string, unknown>,
    version: 1,
  };
  for (let index = 0; itemSizeBytes(base) < DYNAMODB_ITEM_LIMIT_BYTES - 1_000; index += 1) {
    base.consents.topics[productTopic(index)] = 'opted-out';
    base.stamps[`consents.topics.${productTopic(index)}`] = stamp(index);
  }
  base.attributes.history += 'x'.repeat(DYNAMODB_ITEM_LIMIT_BYTES - 50 - itemSizeBytes(base));
  await store.put(base);
  return Object.keys(base.consents.topics).length;
}

/**
 * A profile as a store held it before the room rule: opted in to SMS, opted out of two topics,
 * with opt-ins to `news` and to `optIns` product topics on email (each lifting an opt-out of its
 * topic there), an opt-out of `offers` by SMS as an import could write, and no push token yet.
 */
function legacyProfile(optIns: number) {
  const profileId = freshProfileId();
  const optInStamp = { at: '2026-11-20T10:02:00.000Z', eventId: 'e-2' };
  const emailOptIns: Record<string, string> = { news: 'opted-in' };
  // (The topics' opt-outs imported without stamps: folding them makes next to no room.)
  const stamps: Record<string, { at: string; eventId: string }> = {
    'consents.channelTopics.email.news': optInStamp,
  };
  for (let index = 0; index < optIns; index += 1) {
    emailOptIns[productTopic(index)] = 'opted-in';
    stamps[`consents.channelTopics.email.${productTopic(index)}`] = optInStamp;
  }
  return {
    ...keys.profile(profileId),
    profileId,
    email: 'jane@example.com',
    phone: '+33612345678',
    pushTokens: [] as { token: string; platform: string }[],
    consents: {
      sms: 'opted-in',
      topics: { news: 'opted-out', offers: 'opted-out' },
      channelTopics: { email: emailOptIns, sms: { offers: 'opted-out' } },
    },
    attributes: {},
    stamps,
    version: 1,
  };
}

/**
 * A profile whose traits fill its item, written before their room was kept for opt-outs, with no
 * topic opt-out to fold: `history` (250 KB) is the larger. Returns its id.
 */
async function traitsFullProfile(store: ItemStore): Promise<string> {
  const profileId = freshProfileId();
  const legacy = {
    ...keys.profile(profileId),
    profileId,
    email: 'jane@example.com',
    consents: { topics: {} },
    attributes: { history: 'x'.repeat(250_000), notes: '' },
    version: 1,
  };
  legacy.attributes.notes = 'n'.repeat(DYNAMODB_ITEM_LIMIT_BYTES - 50 - itemSizeBytes(legacy));
  await store.put(legacy);
  return profileId;
}

describe("a profile's room for opt-outs", () => {
  const NOW = '2026-11-20T12:00:00Z';
  const harness = useIngestHarness(NOW);

  it('takes an unsubscribe for a profile whose traits an app filled to the brim', async () => {
    // Prepare: an address, then two trait updates; the second would fill DynamoDB's 400 KB to
    // within a few bytes, where the unsubscribe was refused
    const profileId = freshProfileId();
    const address = appEvent(
      profileId,
      'profile.updated',
      '2026-11-20T10:00:00Z',
      { email: 'jane@example.com' },
      TRUSTED_APP,
    );
    const first = bulkyTraits(profileId, '2026-11-20T10:01:00Z', 'history', 200_000);
    const second = bulkyTraits(profileId, '2026-11-20T10:02:00Z', 'notes', 209_300);
    const unsubscribe = oneClickUnsubscribe(profileId);

    // Act
    const report = await ingestEvents([address, first, second, unsubscribe], harness.deps);

    // Assess: the second update is kept as rejected, naming the customer and the limit
    expect(report.accepted).toBe(3);
    expect(report.rejected).toEqual([
      {
        eventId: second.id,
        profileId,
        reason: expect.stringMatching(
          new RegExp(
            `^could not be stored: the profile of ${profileId} would take \\d+ KB: .* may take 300 KB of DynamoDB's 400 KB, the rest being kept so that an opt-out always fits`,
          ),
        ),
      },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents.email).toBe('opted-out');
    expect(Object.keys(profile?.attributes ?? {})).toEqual(['history']);
  });

  it('keeps the room from opt-ins and traits alike, and lets a full profile shrink or opt out', async () => {
    // Prepare: a profile just under its data's room
    const profileId = freshProfileId();
    // (in two events: one may hold 256 KB)
    const setup = await ingestEvents(
      [
        bulkyTraits(profileId, '2026-11-20T10:00:00Z', 'history', 200_000),
        bulkyTraits(profileId, '2026-11-20T10:00:01Z', 'notes', PROFILE_DATA_LIMIT_BYTES - 204_000),
      ],
      harness.deps,
    );
    expect(setup).toMatchObject({ accepted: 2, rejected: [] });
    const consentChange = (topic: string, status: 'opted-in' | 'opted-out', second: number) =>
      appEvent(
        profileId,
        'subscription.changed',
        new Date(Date.parse('2026-11-20T10:01:00Z') + second * 1_000).toISOString(),
        { channel: 'email', topic, status },
        TRUSTED_APP,
      );
    const topic = (index: number) => `${'t'.repeat(40)}-${index}`;

    // Act: opt-ins to long topics until one does not fit, two opt-outs, a smaller trait
    let optIns = 0;
    let refusal: string | undefined;
    while (refusal === undefined && optIns < 50) {
      const report = await ingestEvents([consentChange(topic(optIns), 'opted-in', optIns)], harness.deps);
      refusal = report.rejected[0]?.reason;
      if (refusal === undefined) optIns += 1;
    }
    const after = await ingestEvents(
      [
        consentChange(topic(100), 'opted-out', 100),
        consentChange(topic(101), 'opted-out', 101),
        bulkyTraits(profileId, '2026-11-20T10:05:00Z', 'history', 1_000),
      ],
      harness.deps,
    );

    // Assess: some opt-ins fitted, the next did not, and every later change was taken
    expect(optIns).toBeGreaterThan(0);
    expect(refusal).toMatch(/so that an opt-out always fits/);
    expect(after).toMatchObject({ accepted: 3, rejected: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(Object.keys(profile?.consents.channelTopics?.email ?? {})).toHaveLength(optIns);
    expect(Object.keys(profile?.consents.topics ?? {})).toHaveLength(2);
    expect(profile?.consents.channelTopics?.email?.[topic(optIns)]).toBeUndefined();
    expect(profile?.consents.topics[topic(101)]).toBe('opted-out');
    expect(String(profile?.attributes.history)).toHaveLength(1_000);
    expect(String(profile?.attributes.notes)).toHaveLength(PROFILE_DATA_LIMIT_BYTES - 204_000);
  });

  it('folds topic opt-outs that no longer fit into an opt-out of every topic, so the next one is kept', async () => {
    // Prepare: a profile whose opt-outs leave less room than one more takes, where the next
    // opt-out was refused as unstorable
    const profileId = freshProfileId();
    const topic = productTopic;
    const spammed = await spammedProfile(harness.dynamo.store, profileId);
    const change = (topicName: string, status: 'opted-in' | 'opted-out', at: string, channel = 'email') =>
      appEvent(profileId, 'subscription.changed', at, { channel, topic: topicName, status }, TRUSTED_APP);
    const newsletter = change('newsletter', 'opted-out', '2026-11-20T11:00:00Z');

    // Act: the customer's own opt-out, then opt-ins to a topic before and after it
    const report = await ingestEvents([newsletter], harness.deps);
    const before = change('promotions', 'opted-in', '2026-11-20T10:30:00Z');
    const after = change('deals', 'opted-in', '2026-11-20T11:30:00Z');
    const later = await ingestEvents([before, after], harness.deps);

    // Assess: every event taken; no topic the customer left, nor any other, may be sent to,
    // but for the one opted into after the fold, on its channel only
    expect(spammed).toBeGreaterThan(200);
    expect(report).toMatchObject({ accepted: 1, rejected: [] });
    expect(later).toMatchObject({ accepted: 2, rejected: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    if (profile === undefined) throw new Error('the profile is gone');
    expect(profile.consents.topics).toEqual({ [ALL_TOPICS]: 'opted-out' });
    expect(profile.stamps?.[`consents.topics.${ALL_TOPICS}`]).toEqual(stampOf(newsletter));
    const allowed = (topicName: string, channel: 'email' | 'sms') =>
      consentDecision({ profile, channel, category: 'marketing', topic: topicName, suppressed: false })
        .allowed;
    expect(allowed('newsletter', 'email')).toBe(false);
    expect(allowed(topic(0), 'email')).toBe(false);
    expect(allowed(topic(spammed - 1), 'sms')).toBe(false);
    expect(allowed('promotions', 'email')).toBe(false);
    expect(allowed('deals', 'email')).toBe(true);
    expect(allowed('deals', 'sms')).toBe(false);
    expect(topicConsents(profile).map(topicConsentText)).toEqual([
      'every topic (opt-outs folded) opted-out',
      'promotions on email opted-in (no effect: an opt-out as recent or more holds)',
      'deals on email opted-in',
    ]);
    expect(itemSizeBytes(profile)).toBeLessThan(PROFILE_DATA_LIMIT_BYTES + 10_000);
  });

  it('takes an opt-in by the room of the data alone, whatever the opt-outs take', async () => {
    // Prepare: opt-outs fill the item, where an opt-in was refused as if they were data; sent
    // before them, it had been taken
    const profileId = freshProfileId();
    const spammed = await spammedProfile(harness.dynamo.store, profileId);
    const optIn = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T11:00:00Z',
      { channel: 'email', topic: productTopic(0), status: 'opted-in' },
      TRUSTED_APP,
    );

    // Act
    const report = await ingestEvents([optIn], harness.deps);

    // Assess: taken, the opt-outs folded to make room, and the opt-in, later than all of them,
    // lifts its topic on its channel only
    expect(spammed).toBeGreaterThan(200);
    expect(report).toMatchObject({ accepted: 1, rejected: [], warnings: [] });
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    if (profile === undefined) throw new Error('the profile is gone');
    expect(profile.consents.topics).toEqual({ [ALL_TOPICS]: 'opted-out' });
    const allowed = (channel: 'email' | 'sms', topic: string) =>
      consentDecision({ profile, channel, category: 'marketing', topic, suppressed: false }).allowed;
    expect(allowed('email', productTopic(0))).toBe(true);
    expect(allowed('sms', productTopic(0))).toBe(false);
    expect(allowed('email', productTopic(1))).toBe(false);
  });

  it('removes the largest traits, naming them, when an opt-out fits no other way', async () => {
    // Prepare: traits that fill the item, written before their room was kept for opt-outs; no
    // topic opt-out to fold. The unsubscribe was kept as rejected (could not be stored)
    const profileId = await traitsFullProfile(harness.dynamo.store);
    const unsubscribe = oneClickUnsubscribe(profileId);

    // Act
    const report = await ingestEvents([unsubscribe], harness.deps);

    // Assess: the opt-out kept, the larger trait gone and named, nothing folded
    expect(report).toMatchObject({ accepted: 1, rejected: [] });
    expect(report.warnings).toEqual([
      {
        kind: 'data-removed',
        eventId: unsubscribe.id,
        profileId,
        warning: expect.stringMatching(/^traits "history" removed to make room for the opt-out: /),
      },
    ]);
    const { profile } = await loadCustomer(harness.dynamo.store, profileId);
    expect(profile?.consents).toEqual({ email: 'opted-out', topics: {} });
    expect(Object.keys(profile?.attributes ?? {})).toEqual(['notes']);
  });

  it('reports the traits removed on the delivery that finishes the event after a crash', async () => {
    // Prepare: the first delivery removes the traits, then dies before the event is marked
    // processed. The redelivery found the opt-out fitting and said nothing: no log, no count
    const profileId = await traitsFullProfile(harness.dynamo.store);
    const unsubscribe = oneClickUnsubscribe(profileId);
    const crashing: ItemStore = {
      ...harness.dynamo.store,
      set: (key, values, options) =>
        'processedAt' in values
          ? Promise.reject(new Error('process killed before the event was marked processed'))
          : harness.dynamo.store.set(key, values, options),
    };

    // Act
    const crashed = await ingestEvents([unsubscribe], { ...harness.deps, store: crashing });
    const redelivered = await ingestEvents([unsubscribe], harness.deps);

    // Assess
    expect(crashed.failed).toHaveLength(1);
    expect(redelivered).toMatchObject({ recovered: 1, rejected: [], failed: [] });
    expect(redelivered.warnings).toEqual([
      {
        kind: 'data-removed',
        eventId: unsubscribe.id,
        profileId,
        warning: expect.stringMatching(/^traits "history" removed to make room for the opt-out: /),
      },
    ]);
  });

  it('removes the oldest push tokens, then opt-ins to topics, when an opt-out fits in no other way', async () => {
    // Prepare: two profiles written before the room rule, with no trait to remove, whose push
    // tokens for one, opt-ins to topics for the other, fill the item. Each one's STOP was kept as
    // rejected ("does not fit even without its traits") while texts went on
    const tokensFull = legacyProfile(10);
    const token = (length: number) => ({ token: 't'.repeat(length), platform: 'fcm' });
    tokensFull.pushTokens.push(...Array.from({ length: 4_600 }, () => token(64)));
    tokensFull.pushTokens.push(token(64 + DYNAMODB_ITEM_LIMIT_BYTES - 20 - 86 - itemSizeBytes(tokensFull)));
    const optInsFull = legacyProfile(1_000);
    optInsFull.pushTokens.push(token(1));
    const newsStamp = { at: '2026-11-20T10:02:00.000Z', eventId: 'e-news' };
    optInsFull.stamps['consents.channelTopics.email.news'] = newsStamp;
    newsStamp.eventId += 'e'.repeat(DYNAMODB_ITEM_LIMIT_BYTES - 20 - itemSizeBytes(optInsFull));
    for (const legacy of [tokensFull, optInsFull]) {
      expect(itemSizeBytes(legacy)).toBe(DYNAMODB_ITEM_LIMIT_BYTES - 20);
      await harness.dynamo.store.put(legacy);
    }
    const stop = (profileId: string) =>
      appEvent(
        profileId,
        'subscription.changed',
        '2026-11-20T11:00:00Z',
        { channel: 'sms', status: 'opted-out', via: 'STOP' },
        TRUSTED_APP,
      );
    const stops = [stop(tokensFull.profileId), stop(optInsFull.profileId)];

    // Act
    const report = await ingestEvents(stops, harness.deps);

    // Assess: both opt-outs kept, what each lost said so
    expect(report).toMatchObject({ accepted: 2, rejected: [] });
    const warning = (prefix: string) =>
      expect.stringMatching(new RegExp(`^${prefix} removed to make room for the opt-out: `));
    expect(report.warnings).toEqual([
      {
        kind: 'data-removed',
        eventId: stops[0]?.id,
        profileId: tokensFull.profileId,
        warning: warning('the 1 oldest push token'),
      },
      {
        kind: 'data-removed',
        eventId: stops[1]?.id,
        profileId: optInsFull.profileId,
        warning: warning(
          'the 1 oldest push token; opt-ins to topics \\(news on email, (p+\\d+ on email, ){8}p+\\d+ on email and 991 more\\), whose opt-outs hold again',
        ),
      },
    ]);
    // The first kept its newest tokens and its opt-ins: news on email still lifted
    const allowedNews = (profile: Profile) =>
      consentDecision({ profile, channel: 'email', category: 'marketing', topic: 'news', suppressed: false });
    const first = (await loadCustomer(harness.dynamo.store, tokensFull.profileId)).profile;
    if (first === undefined) throw new Error('the profile is gone');
    expect(first.consents.sms).toBe('opted-out');
    expect(first.pushTokens).toEqual(tokensFull.pushTokens.slice(1));
    expect(allowedNews(first)).toMatchObject({ allowed: true });
    // The second lost its opt-ins and their stamps: the topics' opt-outs, and the imported
    // opt-out by channel, hold again, so the customer gets less, never more
    const second = (await loadCustomer(harness.dynamo.store, optInsFull.profileId)).profile;
    if (second === undefined) throw new Error('the profile is gone');
    expect(second.consents).toEqual({
      sms: 'opted-out',
      topics: { [ALL_TOPICS]: 'opted-out' },
      channelTopics: { sms: { offers: 'opted-out' } },
    });
    expect(Object.keys(second.stamps ?? {}).filter((key) => key.includes('channelTopics'))).toEqual([]);
    expect(allowedNews(second)).toEqual({ allowed: false, reason: 'unsubscribed-from-topic' });
  });

  it('refuses a topic longer than any scenario could name, naming the field', async () => {
    const profileId = freshProfileId();
    const change = appEvent(
      profileId,
      'subscription.changed',
      '2026-11-20T10:00:00Z',
      { channel: 'email', topic: 'n'.repeat(201), status: 'opted-out' },
      TRUSTED_APP,
    );

    const report = await ingestEvents([change], harness.deps);

    expect(report.rejected).toEqual([
      { eventId: change.id, profileId, reason: expect.stringMatching(/^detail\.topic: .*48/) },
    ]);
  });
});
