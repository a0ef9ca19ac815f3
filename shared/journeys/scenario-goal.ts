import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Goal } from '../../language/scenario.ts';
import { findScenario, type ScenarioVersion } from '../config/scenario-of.ts';

/**
 * The goal of a scenario's version (its own, or its program's, resolved when the bundle was
 * built). A scenario removed from the project may still have executions running on their version:
 * they have no goal to reach rather than failing.
 */
export function scenarioGoal(bundle: RuntimeBundle, ref: ScenarioVersion): Goal | undefined {
  return findScenario(bundle, ref)?.goal;
}
