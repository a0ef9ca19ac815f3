import { describe, expect, it } from 'vitest';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { applyJourneyEffects } from '../../../shared/ingest/journey-effects.ts';
import { getJourney, type JourneyRecord, recordEntry } from '../../../shared/journeys/journey-store.ts';
import { convertJourney } from '../../../shared/outcomes/conversion.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { keys } from '../../../shared/store/keys.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { ingestBundle, recordingTasks } from '../../helpers/ingest-fixtures.ts';
import { cartJourney, cartOrder, cartTrigger } from './cart-journey.ts';

/** The cart scenario, its goal an order within 7 days, valued by `detail.total`. */
function valuedBundle(): RuntimeBundle {
  const base = ingestBundle();
  const cart = base.scenarios.cart;
  if (cart === undefined || cart.goal === undefined)
    throw new Error('the fixture has a cart scenario with a goal');
  return {
    ...base,
    scenarios: { ...base.scenarios, cart: { ...cart, goal: { ...cart.goal, value: 'detail.total' } } },
  };
}

const journey = cartJourney(ingestBundle().scenarios.cart?.manifest.version ?? 'none');
const order = (id: string, time: string, total: number) => cartOrder(id, time, { total });

/** A day after entry, and an hour before it: the later one arrives first. */
const LATER = order('order-later', '2026-03-03T11:00:00.000Z', 40);
const EARLIER = order('order-earlier', '2026-03-03T10:00:00.000Z', 25);

async function setUp() {
  const store = memoryItemStore();
  const facts = memorySink();
  await recordEntry(store, journey, 'never', new Date(cartTrigger.time));
  const deps = { store, bundle: valuedBundle(), facts };
  const current = async (): Promise<JourneyRecord> => {
    const record = await getJourney(store, { profileId: 'p-1', scenario: 'cart', key: 'profile' });
    if (record === undefined) throw new Error('the journey record is gone');
    return record;
  };
  return { deps, facts, current };
}

describe('the goal event that converts a journey', () => {
  it('is the earliest by its time, not the first to arrive: an earlier order found later takes the conversion', async () => {
    // Prepare
    const { deps, facts, current } = await setUp();
    const first = await convertJourney(await current(), LATER, deps);

    // Act
    const second = await convertJourney(await current(), EARLIER, deps);

    // Assess: one conversion counted, marked by the earlier order, whose fact has its time and value.
    expect(first).toEqual({ converted: expect.objectContaining({ event_id: 'order-later', value: 40 }) });
    expect(second).toBe('already-converted');
    expect(await current()).toMatchObject({ convertedBy: 'order-earlier', convertedAt: EARLIER.time });
    const written = facts.facts.filter((fact) => fact.kind === 'conversion');
    expect(new Set(written.map((fact) => fact.id)).size).toBe(1);
    const kept = written.toSorted((a, b) => a.occurred_at.localeCompare(b.occurred_at))[0];
    expect(kept).toMatchObject({ event_id: 'order-earlier', value: 25, occurred_at: EARLIER.time });
  });

  it('stays the earlier one when a later order arrives after it, and when the later one is delivered again', async () => {
    // Prepare
    const { deps, facts, current } = await setUp();
    await convertJourney(await current(), EARLIER, deps);
    await convertJourney(await current(), LATER, deps);

    // Act: the later order redelivered, after the earlier one took the mark.
    const redelivered = await convertJourney(await current(), LATER, deps);

    // Assess
    expect(redelivered).toBe('already-converted');
    expect(await current()).toMatchObject({ convertedBy: 'order-earlier' });
    expect(facts.facts.filter((fact) => fact.kind === 'conversion').map((fact) => fact.event_id)).toEqual([
      'order-earlier',
    ]);
  });

  it('is the earlier one when both orders are delivered at once, each reading the journey unconverted', async () => {
    // Prepare: both deliveries read the record before either marks it.
    const { deps, current } = await setUp();
    const unconverted = await current();

    // Act
    const [later, earlier] = await Promise.all([
      convertJourney(unconverted, LATER, deps),
      convertJourney(unconverted, EARLIER, deps),
    ]);

    // Assess: one of the two counts the conversion, and the earlier order holds the mark.
    expect([later, earlier].filter((result) => typeof result === 'object')).toHaveLength(1);
    expect(await current()).toMatchObject({ convertedBy: 'order-earlier', convertedAt: EARLIER.time });
  });

  it('keeps the mark of the first of two orders of the same time', async () => {
    // Prepare
    const { deps, current } = await setUp();
    await convertJourney(await current(), LATER, deps);

    // Act
    const result = await convertJourney(await current(), { ...LATER, id: 'order-same-time' }, deps);

    // Assess
    expect(result).toBe('already-converted');
    expect(await current()).toMatchObject({ convertedBy: 'order-later' });
  });

  it('takes over a mark written before marks named their event', async () => {
    // Prepare: a journey converted by the later order, its record without `convertedBy`
    const { deps, current } = await setUp();
    await deps.store.set(keys.journey('p-1', 'cart', 'profile'), { convertedAt: LATER.time });
    const legacy = await current();

    // A store that gives up after a hundred reads, so an endless retry fails rather than hangs.
    let reads = 0;
    const store = deps.store;
    const bounded = {
      ...deps,
      store: {
        ...store,
        get: (key: Parameters<typeof store.get>[0]) => {
          reads += 1;
          if (reads > 100) throw new Error('read the journey a hundred times');
          return store.get(key);
        },
      },
    };

    // Act
    const result = await convertJourney(legacy, EARLIER, bounded);

    // Assess
    expect(legacy).toMatchObject({ convertedAt: LATER.time });
    expect(legacy.convertedBy).toBeUndefined();
    expect(result).toBe('already-converted');
    expect(await current()).toMatchObject({ convertedBy: 'order-earlier', convertedAt: EARLIER.time });
  });
});

describe('the conversions an event reports to the dashboards', () => {
  it("carry one order's value once per scenario, however many journeys it converts", async () => {
    // Prepare: three carts of one customer, a journey each
    const store = memoryItemStore();
    const tasks = recordingTasks();
    for (const cart of ['c1', 'c2', 'c3']) {
      await recordEntry(
        store,
        { ...journey, journeyKey: cart, execution: `exec-${cart}`, eventId: `cart-${cart}` },
        'never',
        new Date(cartTrigger.time),
      );
    }

    // Act
    const { conversions } = await applyJourneyEffects(
      { store, bundle: valuedBundle(), ...tasks },
      LATER,
      new Date(LATER.time),
    );

    // Assess
    expect(conversions).toHaveLength(3);
    expect(conversions.filter((conversion) => conversion.value !== undefined)).toEqual([
      { scenario: 'cart', program: 'conversion', value: 40, currency: 'USD' },
    ]);
  });
});
