import { z } from 'zod';
import { ScenarioAssignments } from '../../language/assignments.ts';
import { ParcoursConfig } from '../../language/config.ts';
import { Programs } from '../../language/programs.ts';
import { Goal, Scenario } from '../../language/scenario.ts';
import { CompiledTemplates } from '../templates/compiled-templates.ts';

const Manifest = z.object({
  scenario: z.string(),
  buckets: z.array(z.object({ key: z.string(), step: z.string() })),
  outcomes: z.record(z.string(), z.enum(['completed', 'converted', 'exited', 'held-out'])),
  stepStates: z.record(z.string(), z.string()),
  defaultLabels: z.record(z.string(), z.string()),
  assignments: ScenarioAssignments,
  version: z.string(),
});

export const BundledScenario = z.object({ scenario: Scenario, goal: Goal.optional(), manifest: Manifest });
export type BundledScenario = z.infer<typeof BundledScenario>;

/**
 * What every function knows about the project: the configuration, the programs, each scenario
 * with its resolved goal and compiled manifest, and the compiled templates. Built once (at synth,
 * or when the local platform starts), shipped as JSON, parsed at cold start.
 */
export const RuntimeBundle = z.object({
  config: ParcoursConfig,
  programs: Programs,
  scenarios: z.record(z.string(), BundledScenario),
  templates: CompiledTemplates,
});
export type RuntimeBundle = z.infer<typeof RuntimeBundle>;

export function scenarioOf(bundle: RuntimeBundle, id: string): BundledScenario {
  const found = bundle.scenarios[id];
  if (found === undefined) throw new Error(`unknown scenario "${id}" (not in this deployment's bundle)`);
  return found;
}
