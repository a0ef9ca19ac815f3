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
 * A version of a scenario that journeys still run on, with the templates it sent, kept beside the
 * current project. The local platform keeps them across reloads; on AWS each deploy's function
 * versions carry their own bundle, so a deployed bundle holds none.
 */
export const RetiredScenario = z.object({ bundled: BundledScenario, templates: CompiledTemplates });
export type RetiredScenario = z.infer<typeof RetiredScenario>;

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
  /** Versions journeys still run on, by retiredKey: see RetiredScenario. */
  retired: z.record(z.string(), RetiredScenario).optional(),
});
export type RuntimeBundle = z.infer<typeof RuntimeBundle>;
