import * as z from 'zod';
import { ParcoursConfig } from './config.ts';
import { ScenarioManifest } from './manifest.ts';
import { Programs } from './programs.ts';
import { Goal, Scenario } from './scenario.ts';
import { CompiledTemplates } from './templates/compiled-templates.ts';

export const BundledScenario = z.object({
  scenario: Scenario,
  goal: Goal.optional(),
  manifest: ScenarioManifest,
});
export type BundledScenario = z.infer<typeof BundledScenario>;

/**
 * What every function knows about the project: the configuration, the programs, each scenario
 * with its resolved goal and compiled manifest, and the compiled templates. Built and validated
 * once (at synth, or when the local platform starts) and shipped as sealed JSON, which a cold start
 * checks against its seal rather than against this schema (runtime-bundle-seal.ts).
 */
export const RuntimeBundle = z.object({
  config: ParcoursConfig,
  programs: Programs,
  scenarios: z.record(z.string(), BundledScenario),
  templates: CompiledTemplates,
});
export type RuntimeBundle = z.infer<typeof RuntimeBundle>;
