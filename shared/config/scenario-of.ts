import type { BundledScenario, RuntimeBundle } from '../../language/runtime-bundle.ts';

/**
 * A scenario of the deployment's bundle, by id. Kept apart from the bundle's schema so a function
 * that looks scenarios up does not construct that schema, and every language schema behind it, at
 * cold start: importing runtime-bundle.ts for a value evaluates them all.
 */
export function scenarioOf(bundle: RuntimeBundle, id: string): BundledScenario {
  const found = bundle.scenarios[id];
  if (found === undefined) throw new Error(`unknown scenario "${id}" (not in this deployment's bundle)`);
  return found;
}
