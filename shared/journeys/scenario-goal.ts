import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Goal } from '../../language/scenario.ts';

/**
 * The goal of a scenario (its own, or its program's, resolved when the bundle was built). A
 * scenario removed from the project may still have executions running on their version: they
 * have no goal to reach rather than failing.
 */
export function scenarioGoal(bundle: RuntimeBundle, scenario: string): Goal | undefined {
  return Object.hasOwn(bundle.scenarios, scenario) ? bundle.scenarios[scenario]?.goal : undefined;
}
