import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sealRuntimeBundle } from '../../shared/config/runtime-bundle-seal.ts';
import { buildRuntimeBundle } from '../../state-machines/build-runtime-bundle.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { Project } from '../../state-machines/validation/validate-project.ts';

/** The runtime bundle's file name inside every function asset that reads it. */
export const RUNTIME_BUNDLE_FILE = 'bundle.json';

/** Lambda unpacks a function's code in /var/task (LAMBDA_TASK_ROOT), beside index.mjs. */
export const RUNTIME_BUNDLE_PATH_IN_LAMBDA = `/var/task/${RUNTIME_BUNDLE_FILE}`;

/**
 * Builds the runtime bundle (configuration, programs, scenarios with their manifests, templates
 * compiled from MJML and Liquid) and writes it, sealed, before synth, so each function's asset can
 * copy it and its cold start only parses JSON and checks the seal. Returns the file's path.
 */
export async function writeRuntimeBundle(
  project: Project,
  scenarios: readonly ProjectScenario[],
  dir: string,
): Promise<string> {
  const bundle = await buildRuntimeBundle(project, scenarios);
  await mkdir(dir, { recursive: true });
  const path = join(dir, RUNTIME_BUNDLE_FILE);
  await writeFile(path, `${sealRuntimeBundle(bundle)}\n`);
  return path;
}
