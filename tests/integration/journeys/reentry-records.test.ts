import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { ManualClock } from '../../../shared/clock/clock.ts';
import { ingestEvents } from '../../../shared/ingest/ingest-events.ts';
import { ConvertedError } from '../../../shared/journeys/journey-errors.ts';
import type { JourneyInput } from '../../../shared/journeys/journey-input.ts';
import { journeysOf } from '../../../shared/journeys/journey-store.ts';
import type { StartExecution } from '../../../shared/journeys/start-journey.ts';
import { enterStep } from '../../../shared/steps/step-context.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';
import { appEvent, freshProfileId, ingestBundle, recordingTasks } from '../../helpers/ingest-fixtures.ts';

/** The fixtures' cart scenario (goal: an order within 7 days), re-entered after a day. */
function reenteredAfterADay(): RuntimeBundle {
  const bundle = ingestBundle();
  const cart = bundle.scenarios.cart;
  if (cart === undefined) throw new Error('the fixtures have no cart scenario');
  return {
    ...bundle,
    scenarios: {
      ...bundle.scenarios,
      cart: { ...cart, scenario: { ...cart.scenario, entry: { reentry: { after: '1d' } } } },
    },
  };
}

describe('a journey a re-entry replaced', () => {
  let dynamo: LocalDynamo;
  const bundle = reenteredAfterADay();

  beforeAll(async () => {
    dynamo = await startDynalite();
  });
  afterAll(async () => {
    await dynamo.stop();
  });

  const inputs: JourneyInput[] = [];
  const startExecution: StartExecution = async ({ input }) => {
    inputs.push(input);
  };
  const deps = (now: string) => ({
    store: dynamo.store,
    bundle,
    clock: new ManualClock(now),
    startExecution,
    ...recordingTasks(),
  });
  /** A customer's cart on Monday, then another on Wednesday: two journeys, the second replacing the first under its key. */
  async function twoCarts() {
    const profileId = freshProfileId();
    const cart = (time: string, cartId: string) => appEvent(profileId, 'cart.updated', time, { cartId });
    const monday = cart('2026-11-16T10:00:00Z', 'monday-cart');
    const wednesday = cart('2026-11-18T10:00:00Z', 'wednesday-cart');
    await ingestEvents([monday], deps('2026-11-16T10:00:01Z'));
    await ingestEvents([wednesday], deps('2026-11-18T10:00:01Z'));
    const started = (event: typeof monday) => inputs.find((input) => input.event.id === event.id)?.journey;
    const first = started(monday);
    const second = started(wednesday);
    if (first === undefined || second === undefined) throw new Error('a journey did not start');
    return { profileId, monday, wednesday, first, second };
  }

  it('is still converted by an order of its window that arrives late', async () => {
    // Prepare: the order placed on Tuesday, offline, delivered on Thursday. It converted nothing:
    // the second journey's record had replaced the first's
    const { profileId, monday, wednesday, first } = await twoCarts();
    const order = appEvent(profileId, 'order.placed', '2026-11-17T10:00:00Z', { total: 40 });

    // Act
    const late = await ingestEvents([order], deps('2026-11-19T10:00:00Z'));

    // Assess: the order converts the first journey, within its window, not the second, entered
    // after it; both are kept, and the first's next step ends it as converted
    expect(late.conversions).toEqual([{ scenario: 'cart', program: 'conversion' }]);
    const journeys = await journeysOf(dynamo.store, profileId);
    expect(
      journeys.map(({ eventId, convertedBy, supersededAt }) => ({ eventId, convertedBy, supersededAt })),
    ).toEqual(
      expect.arrayContaining([
        { eventId: monday.id, convertedBy: order.id, supersededAt: '2026-11-18T10:00:01.000Z' },
        { eventId: wednesday.id, convertedBy: undefined, supersededAt: undefined },
      ]),
    );
    expect(journeys).toHaveLength(2);
    await expect(enterStep(first, deps('2026-11-19T11:00:00Z'))).rejects.toThrow(ConvertedError);
  });

  it('is kept once through a crash between keeping it and replacing it', async () => {
    // Prepare: Wednesday's delivery dies once the first journey is kept under its own key, before
    // the second is written under the journey's key
    const profileId = freshProfileId();
    const cart = (time: string, cartId: string) => appEvent(profileId, 'cart.updated', time, { cartId });
    const monday = cart('2026-11-16T10:00:00Z', 'monday-cart');
    const wednesday = cart('2026-11-18T10:00:00Z', 'wednesday-cart');
    await ingestEvents([monday], deps('2026-11-16T10:00:01Z'));
    let kept = false;
    const crashing: ItemStore = {
      ...dynamo.store,
      put: (item, options) => {
        if (item.sk.startsWith('JOURNEY-SUPERSEDED#')) kept = true;
        else if (kept && item.sk.startsWith('JOURNEY#') && item.eventId === wednesday.id)
          return Promise.reject(new Error('process killed before the re-entry was written'));
        return dynamo.store.put(item, options);
      },
    };

    // Act
    const crashed = await ingestEvents([wednesday], { ...deps('2026-11-18T10:00:01Z'), store: crashing });
    const between = await journeysOf(dynamo.store, profileId);
    const redelivered = await ingestEvents([wednesday], deps('2026-11-18T10:00:05Z'));

    // Assess: in between, the first journey is listed once, as the latest; after the redelivery,
    // each journey once
    expect(crashed.failed).toHaveLength(1);
    expect(between.map(({ eventId, supersededAt }) => ({ eventId, supersededAt }))).toEqual([
      { eventId: monday.id, supersededAt: undefined },
    ]);
    expect(redelivered.entries).toEqual([
      expect.objectContaining({ eventId: wednesday.id, outcome: 'started' }),
    ]);
    const after = await journeysOf(dynamo.store, profileId);
    expect(after.map(({ eventId }) => eventId).sort()).toEqual([monday.id, wednesday.id].sort());
  });

  it('reads its own trigger in its later steps', async () => {
    // Prepare: the first journey's steps read the second's cart once it was replaced
    const { first, second } = await twoCarts();

    // Act
    const [firstStep, secondStep] = await Promise.all(
      [first, second].map((journey) => enterStep(journey, deps('2026-11-18T11:00:00Z'))),
    );

    // Assess
    expect(firstStep?.trigger).toMatchObject({ detail: { cartId: 'monday-cart' } });
    expect(secondStep?.trigger).toMatchObject({ detail: { cartId: 'wednesday-cart' } });
  });
});
