import { ERROR_NAMES } from '../../language/error-names.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import { buildRuntimeBundle } from '../../state-machines/build-runtime-bundle.ts';
import { compileProject, type ProjectScenario } from '../../state-machines/compile-project.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';
import { formatViolation } from '../../state-machines/validation/violation.ts';

/**
 * A project compiled for the local platform: its scenarios and the runtime bundle the functions
 * read. Plain data, so a simulation compiles once and hands the build to each worker thread,
 * which then loads no compiler (MJML, validation) at all.
 */
export type ProjectBuild = {
  readonly scenarios: readonly ProjectScenario[];
  readonly bundle: RuntimeBundle;
};

export class ProjectInvalidError extends Error {
  override readonly name = ERROR_NAMES.projectInvalid;
}

/** Loads, validates and compiles the project in `projectDir`; a project with problems is refused whole. */
export async function buildProject(projectDir: string): Promise<ProjectBuild> {
  const { project, violations } = validateProject(await loadProject(projectDir));
  if (violations.length > 0) throw new ProjectInvalidError(violations.map(formatViolation).join('\n'));
  const scenarios = compileProject(project);
  return { scenarios, bundle: await buildRuntimeBundle(project, scenarios) };
}
