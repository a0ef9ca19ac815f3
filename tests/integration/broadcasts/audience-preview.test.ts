import { describe, expect, it } from 'vitest';
import { buildProject } from '../../../local/platform/project-build.ts';
import { seedProfiles } from '../../../local/simulate/seed-profiles.ts';
import { audienceTarget, previewAudience } from '../../../shared/broadcasts/audience-preview.ts';
import { reserveCap } from '../../../shared/caps/frequency-caps.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { suppress } from '../../../shared/consent/suppression-store.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { Profile } from '../../../shared/profiles/profile.ts';
import { ALL_TOPICS } from '../../../shared/profiles/profile-room.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { EXAMPLES_DIR } from '../../helpers/examples.ts';

const now = new Date('2026-12-01T12:00:00Z');
const { bundle } = await buildProject(EXAMPLES_DIR);

/** A store of these customers, each with an order on 20 November (which puts the French in french_buyers). */
async function storeOf(profiles: readonly Profile[]) {
  const store = memoryItemStore();
  await seedProfiles(store, profiles, now);
  const orders = profiles.map(({ profileId }) => ({
    id: `order-${profileId}`,
    source: 'shop',
    'detail-type': 'order.placed',
    time: '2026-11-20T10:00:00Z',
    detail: { profileId, total: 10 },
  }));
  await ingestEvents(orders, {
    store,
    bundle,
    clock: new ManualClock(now),
    facts: memorySink(),
    resumeTask: async () => undefined,
    failTask: async () => undefined,
  });
  return store;
}

async function customers() {
  const profiles = [
    { profileId: 'amelie', email: 'amelie@example.com', locale: 'fr' },
    {
      profileId: 'bruno',
      email: 'bruno@example.com',
      locale: 'fr',
      consents: { email: 'opted-out', topics: {} },
    },
    { profileId: 'cyril', locale: 'fr' },
    { profileId: 'dora', email: 'dora@example.com', locale: 'fr' },
    { profileId: 'emil', email: 'emil@example.com', locale: 'fr' },
    { profileId: 'fritz', email: 'fritz@example.com', locale: 'de' },
  ].map((profile) => Profile.parse(profile));
  const store = await storeOf(profiles);
  await suppress(store, 'email', 'dora@example.com', 'bounce', now.toISOString());
  // Three marketing emails in the last week: the project caps email at 3 per 7 days.
  for (const id of ['a', 'b', 'c']) {
    await reserveCap(store, { profileId: 'emil', channel: 'email', id, caps: bundle.config.caps, now });
  }
  return store;
}

describe('parcours audience', () => {
  it('counts a scheduled scenario’s audience, who is left out and why, and who the send would still skip', async () => {
    // Prepare
    const store = await customers();
    const target = audienceTarget(bundle, 'monthly-newsletter');
    if (typeof target === 'string') throw new Error(target);

    // Act
    const preview = await previewAudience(store, bundle, target, { now, sample: 10 });

    // Assess: fritz is not French; the other five are in french_buyers
    expect(preview).toMatchObject({
      audience: 'segment french_buyers, reachable by email',
      customers: 6,
      inSegment: 5,
      members: 2,
      excluded: {
        'the customer opted out of email': 1,
        'the profile has no email address': 1,
        'the address is suppressed after a bounce or a complaint': 1,
      },
      atSend: { globalControl: 0, capped: 1 },
    });
    expect(preview.channels.email).toEqual({
      reachable: 2,
      'missing-address': 1,
      suppressed: 1,
      unsubscribed: 1,
      'unsubscribed-from-topic': 0,
      'no-consent': 0,
    });
    expect(preview.channels.sms['missing-address']).toBe(5);
    expect(preview.sample).toEqual([
      { profileId: 'amelie' },
      { profileId: 'bruno', excluded: 'the customer opted out of email' },
      { profileId: 'cyril', excluded: 'the profile has no email address' },
      { profileId: 'dora', excluded: 'the address is suppressed after a bounce or a complaint' },
      { profileId: 'emil' },
    ]);
  });

  it('counts a segment alone by its channels’ consent, whatever topics the customer left', async () => {
    // Prepare: a customer whose topic opt-outs were folded into one of every topic
    const folded = Profile.parse({
      profileId: 'gaspard',
      email: 'gaspard@example.com',
      locale: 'fr',
      consents: { topics: { [ALL_TOPICS]: 'opted-out' } },
    });
    const store = await storeOf([folded]);
    const [segment, newsletter] = ['french_buyers', 'monthly-newsletter'].map((name) => {
      const target = audienceTarget(bundle, name);
      if (typeof target === 'string') throw new Error(target);
      return target;
    });
    if (segment === undefined || newsletter === undefined) throw new Error('no target');

    // Act
    const bySegment = await previewAudience(store, bundle, segment, { now, sample: 0 });
    const byNewsletter = await previewAudience(store, bundle, newsletter, { now, sample: 0 });

    // Assess: a segment names no topic, so no topic opt-out counts against it; the newsletter's does
    expect(bySegment.channels.email).toMatchObject({ reachable: 1, 'unsubscribed-from-topic': 0 });
    expect(byNewsletter.channels.email).toMatchObject({ reachable: 0, 'unsubscribed-from-topic': 1 });
    expect(byNewsletter.members).toBe(0);
  });

  it('says why a name has no audience', () => {
    expect(audienceTarget(bundle, 'abandoned-cart')).toBe(
      'scenario "abandoned-cart" starts on events, not on a schedule or an anniversary: it has no audience',
    );
    expect(audienceTarget(bundle, 'vipp')).toMatch(
      /^"vipp" is neither a segment nor a scenario \(known: vip, /,
    );
  });
});
