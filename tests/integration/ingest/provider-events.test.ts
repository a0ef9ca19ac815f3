import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { isSuppressed } from '../../../shared/consent/suppression-store.ts';
import { eventsSince } from '../../../shared/events/event-store.ts';
import { ingestProviderEvents } from '../../../shared/ingest/delivery-events.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { waitFor } from '../../../shared/journeys/wait-for.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { enterJourney, freshProfileId, ingestBundle, recordingTasks } from '../../helpers/ingest-fixtures.ts';
import { sesBounce, sesOpen } from '../../helpers/provider-events.ts';

describe('ingest of provider delivery events', () => {
  let dynamo: LocalDynamo;
  let store: ItemStore;
  const bundle = ingestBundle();

  beforeAll(async () => {
    dynamo = await startDynalite();
    store = dynamo.store;
  });

  afterAll(async () => {
    await dynamo.stop();
  });

  it('suppresses a permanently bounced address and records email.bounced for the profile', async () => {
    // Prepare
    const profileId = freshProfileId();
    const bounce = sesBounce('Permanent', { profileId: [profileId], scenario: ['welcome'], step: ['hello'] });
    const deps = { store, bundle, clock: new ManualClock('2025-01-15T12:00:00Z'), ...recordingTasks() };

    // Act
    const report = await ingestProviderEvents([bounce], deps);

    // Assess
    expect(report).toMatchObject({ suppressed: 1, accepted: 1, ignored: [] });
    expect(await isSuppressed(store, 'email', 'Jane.Doe@example.com')).toBe(true);
    const [recorded] = await eventsSince(store, profileId, '2025-01-01T00:00:00.000Z');
    expect(recorded).toMatchObject({ 'detail-type': 'email.bounced', detail: { profileId, step: 'hello' } });
    expect(JSON.stringify(recorded)).not.toContain('@');
  });

  it('resumes a journey waiting for its email to be opened', async () => {
    // Prepare
    const profileId = freshProfileId();
    const clock = new ManualClock('2025-01-15T11:01:00Z');
    const journey = await enterJourney(store, profileId, 'welcome', '2025-01-15T10:00:00.000Z');
    await waitFor(
      {
        step: 'read-welcome',
        journey,
        token: 'token-open',
        event: { 'detail-type': ['email.opened'], detail: { step: ['hello'] } },
        timeoutSeconds: 86_400,
      },
      { store, bundle, clock },
    );
    const deps = { store, bundle, clock, ...recordingTasks() };
    const open = sesOpen({ profileId: [profileId], scenario: ['welcome'], step: ['hello'] });

    // Act
    const report = await ingestProviderEvents([open, open], deps);

    // Assess
    expect(report).toMatchObject({ accepted: 1, duplicates: 1, resumed: 1, suppressed: 0 });
    expect(deps.calls).toEqual([
      {
        kind: 'resume',
        token: 'token-open',
        output: { eventId: `ses-${open.id}`, detailType: 'email.opened', time: '2025-01-15T11:00:00.000Z' },
      },
    ]);
  });

  it('writes one delivery fact per provider event, and refuses an app event that claims to be one', async () => {
    // Prepare
    const profileId = freshProfileId();
    const deps = { store, bundle, clock: new ManualClock('2025-01-15T12:00:00Z'), ...recordingTasks() };
    const open = sesOpen({ profileId: [profileId], scenario: ['welcome'], step: ['hello'] });
    const forged = {
      id: 'forged-open',
      source: 'parcours.email',
      'detail-type': 'email.opened',
      time: '2025-01-15T11:30:00Z',
      detail: { profileId, scenario: 'welcome', step: 'hello', messageId: 'm-forged' },
    };

    // Act
    await ingestProviderEvents([open], deps);
    const report = await ingestEvents([forged], deps);

    // Assess: no app forges an open (it would move a wait-for) or a bounce
    expect(report.rejected).toEqual([
      expect.objectContaining({
        eventId: 'forged-open',
        profileId,
        reason: `source: "parcours.email" is Parcours' own; no app may publish under it`,
      }),
    ]);
    expect(report.resumed).toBe(0);
    expect(deps.facts.facts).toEqual([
      expect.objectContaining({
        id: `delivery:ses-${open.id}`,
        kind: 'delivery',
        outcome: 'opened',
        channel: 'email',
        profile_id: profileId,
        scenario: 'welcome',
        step: 'hello',
        message_id: open.detail.mail.messageId,
        occurred_at: '2025-01-15T11:00:00.000Z',
      }),
    ]);
  });
});
