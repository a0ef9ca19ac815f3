import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { ConvertedError } from '../../../shared/journeys/journey-errors.ts';
import { waitFor } from '../../../shared/journeys/wait-for.ts';
import { waitsOf } from '../../../shared/journeys/waiting-store.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import {
  appEvent,
  enterJourney,
  freshProfileId,
  ingestBundle,
  recordingTasks,
} from '../../helpers/ingest-fixtures.ts';

const ENTERED_AT = '2025-03-06T08:00:00.000Z';

describe('the wait-for step', () => {
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

  it('stores the task token with its pattern, scenario and expiry', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const clock = new ManualClock('2025-03-06T09:00:00Z');
    const payload = {
      step: 'opened',
      journey,
      token: 'token-1',
      event: { 'detail-type': ['app.opened'] },
      timeoutSeconds: 3600,
    };

    // Act
    const result = await waitFor(payload, { store, bundle, clock });

    // Assess
    expect(result).toEqual({ outcome: 'waiting' });
    expect(await waitsOf(store, profileId, clock.now())).toEqual([
      expect.objectContaining({
        scenario: 'cart',
        execution: journey.execution,
        step: 'opened',
        token: 'token-1',
        pattern: { 'detail-type': ['app.opened'] },
        expiresAt: Date.parse('2025-03-06T10:00:00Z') / 1000,
      }),
    ]);
  });

  it('ends the journey as converted instead of waiting when the goal was already reached', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'cart', ENTERED_AT);
    const clock = new ManualClock('2025-03-06T09:00:00Z');
    const order = appEvent(profileId, 'order.placed', '2025-03-06T08:30:00Z');
    const ingested = await ingestEvents([order], { store, bundle, clock, ...recordingTasks() });
    const payload = {
      step: 'opened',
      journey,
      token: 'token-2',
      event: { 'detail-type': ['app.opened'] },
      timeoutSeconds: 3600,
    };

    // Act
    const waiting = waitFor(payload, { store, bundle, clock });

    // Assess
    expect(ingested.conversions).toHaveLength(1);
    await expect(waiting).rejects.toBeInstanceOf(ConvertedError);
    await expect(waiting).rejects.toMatchObject({ name: 'Parcours.Converted' });
    expect(await waitsOf(store, profileId, clock.now())).toEqual([]);
  });

  it('refuses a payload without a task token', async () => {
    // Prepare
    const profileId = freshProfileId();
    const journey = await enterJourney(store, profileId, 'welcome', ENTERED_AT);
    const clock = new ManualClock('2025-03-06T09:00:00Z');

    // Act
    const waiting = waitFor(
      { step: 'read-welcome', journey, event: { 'detail-type': ['email.opened'] }, timeoutSeconds: 60 },
      { store, bundle, clock },
    );

    // Assess
    await expect(waiting).rejects.toThrow(/token/);
  });
});
