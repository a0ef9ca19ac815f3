import { retiredKey } from '../../language/retired-key.ts';
import type { BundledScenario, RetiredScenario, RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { CompiledTemplates } from '../../language/templates/compiled-templates.ts';

/** Which scenario, and which version of it: a journey names the version it entered on. */
export type ScenarioVersion = { readonly scenario: string; readonly version?: string | undefined };

/**
 * A scenario of the bundle: the version a journey entered on when the bundle still keeps it
 * retired, else the current one (a deployed bundle is its version's own; a journey from before
 * versions were recorded has none). Kept apart from the bundle's schema so a function that looks
 * scenarios up does not construct that schema at cold start.
 */
export function scenarioOf(bundle: RuntimeBundle, ref: ScenarioVersion): BundledScenario {
  const found = findScenario(bundle, ref);
  if (found === undefined)
    throw new Error(`unknown scenario "${ref.scenario}" (not in this deployment's bundle)`);
  return found;
}

/** As scenarioOf, or undefined for a scenario the bundle does not hold. */
export function findScenario(bundle: RuntimeBundle, ref: ScenarioVersion): BundledScenario | undefined {
  return retiredVersion(bundle, ref)?.bundled ?? currentVersion(bundle, ref.scenario);
}

/** The templates a journey's messages are made from: those of its version. */
export function templatesOf(bundle: RuntimeBundle, ref: ScenarioVersion): CompiledTemplates {
  return retiredVersion(bundle, ref)?.templates ?? bundle.templates;
}

function retiredVersion(bundle: RuntimeBundle, ref: ScenarioVersion): RetiredScenario | undefined {
  if (ref.version === undefined || currentVersion(bundle, ref.scenario)?.manifest.version === ref.version)
    return undefined;
  return bundle.retired?.[retiredKey(ref.scenario, ref.version)];
}

/** The scenario as the project holds it now (an own key only: ids come from executions). */
function currentVersion(bundle: RuntimeBundle, scenario: string): BundledScenario | undefined {
  return Object.hasOwn(bundle.scenarios, scenario) ? bundle.scenarios[scenario] : undefined;
}
