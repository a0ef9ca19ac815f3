import { describe, expect, it } from 'vitest';
import { retiredKey } from '../../../language/retired-key.ts';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { recordEntry } from '../../../shared/journeys/journey-store.ts';
import { convertJourney } from '../../../shared/outcomes/conversion.ts';
import { memorySink } from '../../../shared/outcomes/outcome-fact.ts';
import { memoryItemStore } from '../../../shared/store/memory/memory-item-store.ts';
import { ingestBundle } from '../../helpers/ingest-fixtures.ts';
import { cartJourney, cartOrder } from './cart-journey.ts';

/**
 * The cart scenario as deployed now (v2: its goal reads `detail.amount`, program `retention`) and
 * the v1 a journey entered on, kept retired (`detail.total`, program `conversion`).
 */
function bundleWithTwoVersions(): RuntimeBundle {
  const base = ingestBundle();
  const cart = base.scenarios.cart;
  if (cart === undefined || cart.goal === undefined)
    throw new Error('the fixture has a cart scenario with a goal');
  const v1 = { ...cart, goal: { ...cart.goal, value: 'detail.total' } };
  const v2 = {
    ...cart,
    scenario: { ...cart.scenario, program: 'retention' },
    goal: { ...cart.goal, value: 'detail.amount' },
    manifest: { ...cart.manifest, version: 'cart-v2' },
  };
  return {
    ...base,
    scenarios: { ...base.scenarios, cart: v2 },
    retired: { [retiredKey('cart', 'cart-v1')]: { bundled: v1, templates: base.templates } },
  };
}

describe("a conversion's fact", () => {
  it("reads the value and program of the version the journey entered on, not the current one's", async () => {
    // Prepare: a journey on v1, an order holding both fields
    const journey = cartJourney('cart-v1');
    const order = cartOrder('order-1', '2026-03-03T10:00:00.000Z', { total: 40, amount: 0.01 });
    const facts = memorySink();
    const store = memoryItemStore();
    await recordEntry(store, journey, 'never', new Date(journey.enteredAt));

    // Act
    const result = await convertJourney(journey, order, {
      store,
      bundle: bundleWithTwoVersions(),
      facts,
    });

    // Assess
    expect(result).toEqual({
      converted: expect.objectContaining({ program: 'conversion', version: 'cart-v1', value: 40 }),
    });
  });
});
