import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as z from 'zod';
import { Channel } from '../../language/channel.ts';
import { retiredKey } from '../../language/retired-key.ts';
import { BundledScenario, type RetiredScenario, type RuntimeBundle } from '../../language/runtime-bundle.ts';
import { CompiledTemplates } from '../../language/templates/compiled-templates.ts';
import { type ProjectScenario, sentTemplates } from '../../state-machines/compile-project.ts';
import { compileScenario } from '../../state-machines/compiler/compile-scenario.ts';
import { buildStepTree } from '../../state-machines/model/step-tree.ts';
import type { LocalScenario } from '../runtime/execution-runner.ts';

/** Where a data folder keeps the scenario versions its journeys ran on. */
export const VERSIONS_FOLDER = 'versions';

/**
 * A scenario version as the data folder keeps it: the scenario as bundled, the templates it sent,
 * and what its compilation depended on beyond the scenario, so that it compiles again to the very
 * definition its journeys run on (checked: the version is a digest of that definition).
 */
const ArchivedVersion = z.object({
  bundled: BundledScenario,
  templates: CompiledTemplates,
  quietHoursChannels: z.array(Channel),
  templatesDigest: z.string(),
});
type ArchivedVersion = z.infer<typeof ArchivedVersion>;

/** A version journeys may still run on: what the functions read of it, and what the engine runs. */
export type KeptVersion = { readonly retired: RetiredScenario; readonly local: LocalScenario };

/**
 * Keeps each version of each scenario the platform ran, in the data folder, so that a journey
 * started before a change (a reload, a restart) finishes on the steps and templates it entered
 * with, and a removed scenario's journeys finish too, as a deployment's retained versions do.
 * Writes the versions running now (once each); returns every other version kept, by retiredKey.
 */
export async function keepVersions(
  dataDir: string,
  current: readonly ProjectScenario[],
  bundle: RuntimeBundle,
): Promise<Map<string, KeptVersion>> {
  const folder = join(dataDir, VERSIONS_FOLDER);
  await mkdir(folder, { recursive: true });
  const currentKeys = new Set<string>();
  for (const project of current) {
    const { scenario, compiled } = project;
    const key = retiredKey(scenario.id, compiled.manifest.version);
    const bundled = bundle.scenarios[scenario.id];
    if (bundled === undefined) throw new Error(`the bundle has no scenario ${scenario.id}`);
    currentKeys.add(key);
    const archived: ArchivedVersion = {
      bundled,
      templates: templatesSentBy(project, bundle.templates),
      quietHoursChannels: [...(bundle.config['quiet-hours']?.channels ?? [])],
      templatesDigest: project.templatesDigest,
    };
    await writeFile(join(folder, fileOf(key)), `${JSON.stringify(archived)}\n`, { flag: 'wx' }).catch(
      (error: unknown) => {
        // Kept already: a version's content never changes, its name being its digest.
        if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      },
    );
  }
  const kept = new Map<string, KeptVersion>();
  for (const file of await readdir(folder)) {
    const key = keyOf(file);
    if (key === undefined || currentKeys.has(key)) continue;
    const version = await readVersion(join(folder, file));
    if (version !== undefined) kept.set(key, version);
  }
  return kept;
}

/** An archived version, compiled again; undefined when it no longer compiles to its own version. */
async function readVersion(path: string): Promise<KeptVersion | undefined> {
  const parsed = ArchivedVersion.safeParse(JSON.parse(await readFile(path, 'utf8')));
  if (!parsed.success) return undefined;
  const { bundled, templates, quietHoursChannels, templatesDigest } = parsed.data;
  const compiled = compileScenario({
    scenario: bundled.scenario,
    tree: buildStepTree(bundled.scenario.steps),
    goal: bundled.goal,
    quietHoursChannels,
    templatesDigest,
  });
  // Another compiler makes another definition: its journeys could not resume where they were.
  if (compiled.manifest.version !== bundled.manifest.version) return undefined;
  return {
    retired: { bundled, templates },
    local: {
      id: bundled.scenario.id,
      version: bundled.manifest.version,
      definition: compiled.definition,
      outcomes: compiled.manifest.outcomes,
    },
  };
}

/** The compiled templates a scenario sends, by name. */
function templatesSentBy(project: ProjectScenario, templates: CompiledTemplates): CompiledTemplates {
  const names = new Set(sentTemplates(project.tree));
  return Object.fromEntries(Object.entries(templates).filter(([name]) => names.has(name)));
}

function fileOf(key: string): string {
  return `${encodeURIComponent(key)}.json`;
}

function keyOf(file: string): string | undefined {
  return file.endsWith('.json') ? decodeURIComponent(file.slice(0, -'.json'.length)) : undefined;
}
