import { describe, expect, it } from 'vitest';
import { retiredKey } from '../../../language/retired-key.ts';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { findScenario, scenarioOf, templatesOf } from '../../../shared/config/scenario-of.ts';
import { scenarioGoal } from '../../../shared/journeys/scenario-goal.ts';
import { ingestBundle } from '../../helpers/ingest-fixtures.ts';

/** The fixture bundle, its cart scenario at version cart-v1 retired beside a current cart-v2. */
function bundleWithRetiredCart(): RuntimeBundle {
  const bundle = ingestBundle();
  const cart = bundle.scenarios.cart;
  if (cart === undefined) throw new Error('the fixture has no cart scenario');
  const { goal: _goal, ...withoutGoal } = cart;
  const oldCart = { ...withoutGoal, manifest: { ...cart.manifest, version: 'cart-v1' } };
  const sms = (body: string) => ({ sms: { default: { source: 'sms.txt', body } } });
  return {
    ...bundle,
    scenarios: { ...bundle.scenarios, cart: { ...cart, manifest: { ...cart.manifest, version: 'cart-v2' } } },
    templates: { 'cart-sms': sms('new text') },
    retired: {
      [retiredKey('cart', 'cart-v1')]: { bundled: oldCart, templates: { 'cart-sms': sms('old text') } },
      [retiredKey('gone', 'gone-v1')]: {
        bundled: { ...oldCart, scenario: { ...oldCart.scenario, id: 'gone' } },
        templates: {},
      },
    },
  };
}

describe('the scenario version a journey runs on', () => {
  it('is the version it entered on while the bundle keeps it, with that version’s templates and goal', () => {
    // Prepare
    const bundle = bundleWithRetiredCart();
    const journey = { scenario: 'cart', version: 'cart-v1' };

    // Act
    const found = scenarioOf(bundle, journey);

    // Assess
    expect(found.manifest.version).toBe('cart-v1');
    expect(templatesOf(bundle, journey)['cart-sms']?.sms?.default?.body).toBe('old text');
    expect(scenarioGoal(bundle, journey)).toBeUndefined();
    expect(scenarioGoal(bundle, { scenario: 'cart', version: 'cart-v2' })).toBeDefined();
  });

  it('is the current one for the current version, and for a journey that recorded none', () => {
    // Prepare
    const bundle = bundleWithRetiredCart();

    // Act
    const current = scenarioOf(bundle, { scenario: 'cart', version: 'cart-v2' });
    const unversioned = scenarioOf(bundle, { scenario: 'cart' });

    // Assess
    expect([current.manifest.version, unversioned.manifest.version]).toEqual(['cart-v2', 'cart-v2']);
    expect(templatesOf(bundle, { scenario: 'cart' })['cart-sms']?.sms?.default?.body).toBe('new text');
  });

  it('outlives the scenario: a removed scenario’s kept version is found, an unknown one is refused by name', () => {
    // Prepare
    const bundle = bundleWithRetiredCart();

    // Act
    const removed = scenarioOf(bundle, { scenario: 'gone', version: 'gone-v1' });

    // Assess
    expect(removed.scenario.id).toBe('gone');
    expect(findScenario(bundle, { scenario: 'gone', version: 'gone-v2' })).toBeUndefined();
    expect(() => scenarioOf(bundle, { scenario: 'gone', version: 'gone-v2' })).toThrow(
      'unknown scenario "gone"',
    );
  });
});
