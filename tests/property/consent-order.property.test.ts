import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { Channel } from '../../language/channel.ts';
import { loadPhoneLibrary } from '../../shared/channels/phone-library.ts';
import { optedOutOfTopic } from '../../shared/consent/consent.ts';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { ingestEvents } from '../../shared/ingest/ingest-events.ts';
import { withConsent, withUpdate } from '../../shared/ingest/profile-changes.ts';
import { validateEvent } from '../../shared/ingest/validate-event.ts';
import { stampOf } from '../../shared/profiles/ordered-fields.ts';
import { Profile } from '../../shared/profiles/profile.ts';
import { foldTopicOptOuts } from '../../shared/profiles/profile-room.ts';
import { loadCustomer } from '../../shared/profiles/store.ts';
import { freshProfileId, TRUSTED_APP } from '../helpers/ingest-fixtures.ts';
import { useIngestHarness } from '../helpers/ingest-harness.ts';

/**
 * Whatever order a customer's consent and profile events arrive in, and however often each is
 * delivered, the consent and contact data end as if the events had been applied once each, in
 * event-time order (ties by event id, and an opt-out beating an opt-in of the same instant).
 */

/** Few distinct times, so that ties (same instant, different events) are common. */
const timeArb = fc.constantFrom(
  '2026-11-02T09:00:00Z',
  '2026-11-02T09:00:00.000+00:00',
  '2026-11-02T10:00:00Z',
  '2026-11-02T11:00:00+01:00',
  '2026-11-02T12:30:00Z',
);

const consentArb = fc.record({
  kind: fc.constant('subscription.changed' as const),
  detail: fc.record(
    {
      channel: fc.constantFrom('email', 'sms', 'push'),
      topic: fc.constantFrom('newsletter', 'offers'),
      status: fc.constantFrom('opted-in', 'opted-out'),
    },
    { requiredKeys: ['channel', 'status'] },
  ),
});

const contactArb = fc.record({
  kind: fc.constant('profile.updated' as const),
  detail: fc.record(
    {
      email: fc.constantFrom('a@example.com', 'b@example.com', 'c@example.org'),
      phone: fc.constantFrom('+33612345678', '+14155552671', '+447911123456'),
      timeZone: fc.constantFrom('Europe/Paris', 'America/New_York', 'Asia/Tokyo'),
      locale: fc.constantFrom('fr-FR', 'en', 'de'),
    },
    { requiredKeys: [] },
  ),
});

type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Change = { readonly id: string; readonly time: string } & (
  | ValueOf<typeof consentArb>
  | ValueOf<typeof contactArb>
);

/** Distinct ids, some sorting before others at the same time. */
const changesArb: fc.Arbitrary<Change[]> = fc
  .array(fc.tuple(fc.oneof(consentArb, contactArb), timeArb), { minLength: 1, maxLength: 12 })
  .map((pairs) =>
    pairs.map(([change, time], index) => ({ ...change, time, id: `evt-${(index * 7) % 13}-${index}` })),
  );

/** Each change delivered one to three times, all deliveries shuffled. */
const deliveriesArb = (changes: readonly Change[]): fc.Arbitrary<Change[]> =>
  fc
    .tuple(
      fc.array(fc.integer({ min: 1, max: 3 }), { minLength: changes.length, maxLength: changes.length }),
      fc.infiniteStream(fc.double({ min: 0, max: 1, noNaN: true })),
    )
    .map(([copies, randoms]) => {
      const deliveries = changes.flatMap((change, index) => Array<Change>(copies[index] ?? 1).fill(change));
      const keyed = deliveries.map((change) => ({ change, key: randoms.next().value }));
      return keyed.sort((a, b) => a.key - b.key).map(({ change }) => change);
    });

function envelope(profileId: string, change: Change): EventEnvelope {
  return {
    id: change.id,
    source: TRUSTED_APP,
    'detail-type': change.kind,
    time: change.time,
    detail: { ...change.detail, profileId },
  };
}

// validateEvent reads phone numbers with libphonenumber, which ingest loads for a batch that
// carries one; apply() calls it directly.
beforeAll(async () => {
  await loadPhoneLibrary();
});

/** What ingest applies: the validated (normalised) detail, stamped with the event. */
function apply(profile: Profile, event: EventEnvelope): Profile {
  const validation = validateEvent(event);
  if (!validation.valid || validation.known === undefined) throw new Error(`invalid change ${event.id}`);
  const { known } = validation;
  const stamp = stampOf(event);
  return known.type === 'profile.updated'
    ? withUpdate(profile, known.detail, stamp)
    : withConsent(profile, known.detail, stamp);
}

/** The model: each event once, in event-time order; at the same instant opt-ins before opt-outs, then by id. */
function inEventTimeOrder(changes: readonly Change[]): Change[] {
  const rank = (change: Change) =>
    change.kind === 'subscription.changed' && change.detail.status === 'opted-out' ? 1 : 0;
  return [...changes].sort(
    (a, b) =>
      Date.parse(a.time) - Date.parse(b.time) ||
      rank(a) - rank(b) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The consent and contact data a send reads; stamps and bookkeeping are left out. */
function orderedData(profile: Profile | undefined) {
  return {
    consents: profile?.consents,
    email: profile?.email,
    phone: profile?.phone,
    timeZone: profile?.timeZone,
    locale: profile?.locale,
  };
}

/** The reference, with no ordering logic of its own: each change overwrites, in event-time order. */
function modelProfile(profileId: string, changes: readonly Change[]): Profile {
  let profile = Profile.parse({ profileId });
  for (const change of inEventTimeOrder(changes)) {
    const validation = validateEvent(envelope(profileId, change));
    if (!validation.valid || validation.known === undefined) throw new Error(`invalid change ${change.id}`);
    const { known } = validation;
    if (known.type === 'profile.updated') {
      const { email, phone, timeZone, locale } = known.detail;
      profile = {
        ...profile,
        ...(email === undefined ? {} : { email }),
        ...(phone === undefined ? {} : { phone }),
        ...(timeZone === undefined ? {} : { timeZone }),
        ...(locale === undefined ? {} : { locale }),
      };
    } else {
      // A topic's opt-out holds on every channel; its opt-in names the channel it lifts it on.
      const { channel, topic, status } = known.detail;
      const { consents: current } = profile;
      const consents =
        topic === undefined
          ? { ...current, [channel]: status }
          : status === 'opted-out'
            ? { ...current, topics: { ...current.topics, [topic]: status } }
            : {
                ...current,
                channelTopics: {
                  ...current.channelTopics,
                  [channel]: { ...current.channelTopics?.[channel], [topic]: status },
                },
              };
      profile = { ...profile, consents };
    }
  }
  return profile;
}

describe('consent and contact data do not depend on arrival order', () => {
  it('any permutation and duplication gives the event-time-order result (pure)', () => {
    fc.assert(
      fc.property(
        changesArb.chain((changes) => fc.tuple(fc.constant(changes), deliveriesArb(changes))),
        ([changes, deliveries]) => {
          // Prepare
          const profileId = 'customer-1';
          const expected = modelProfile(profileId, changes);

          // Act
          const actual = deliveries.reduce(
            (profile, change) => apply(profile, envelope(profileId, change)),
            Profile.parse({ profileId }),
          );

          // Assess
          expect(orderedData(actual)).toEqual(orderedData(expected));
        },
      ),
      { numRuns: 400 },
    );
  });

  describe('through ingest and the store', () => {
    const harness = useIngestHarness('2026-11-02T13:00:00Z');

    it('any permutation and duplication delivered to ingest gives the event-time-order result', async () => {
      await fc.assert(
        fc.asyncProperty(
          changesArb.chain((changes) => fc.tuple(fc.constant(changes), deliveriesArb(changes))),
          async ([changes, deliveries]) => {
            // Prepare
            const profileId = freshProfileId();
            const expected = modelProfile(profileId, changes);

            // Act
            const report = await ingestEvents(
              deliveries.map((change) => envelope(profileId, change)),
              harness.deps,
            );

            // Assess
            expect(report.rejected).toEqual([]);
            expect(report.failed).toEqual([]);
            expect(report.accepted).toBe(changes.length);
            const { profile } = await loadCustomer(harness.dynamo.store, profileId);
            expect(orderedData(profile)).toEqual(orderedData(expected));
          },
        ),
        { numRuns: 25 },
      );
    });
  });
});

describe('a fold of topic opt-outs (when they fill the profile) never lets more through', () => {
  it('whatever the order, and wherever folds fall, a topic left stays left on every channel (pure)', () => {
    fc.assert(
      fc.property(
        changesArb.chain((changes) => fc.tuple(deliveriesArb(changes), fc.infiniteStream(fc.boolean()))),
        ([deliveries, foldAfter]) => {
          // Prepare
          const profileId = 'customer-1';
          const start = Profile.parse({ profileId });

          // Act: the same deliveries, with and without folds between them
          const plain = deliveries.reduce(
            (profile, change) => apply(profile, envelope(profileId, change)),
            start,
          );
          const folded = deliveries.reduce((profile, change) => {
            const next = apply(profile, envelope(profileId, change));
            return foldAfter.next().value ? foldTopicOptOuts(next) : next;
          }, start);

          // Assess: every topic, named by an event or not, opted out without folds is with them
          for (const channel of Channel.options)
            for (const topic of ['newsletter', 'offers', 'never-named'])
              if (optedOutOfTopic(plain, channel, topic))
                expect(optedOutOfTopic(folded, channel, topic), `${topic} on ${channel}`).toBe(true);
        },
      ),
      { numRuns: 2_000 },
    );
  });
});
