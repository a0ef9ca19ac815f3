import { compileProject, type ProjectScenario } from '../../state-machines/compile-project.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { type Project, validateProject } from '../../state-machines/validation/validate-project.ts';
import { formatViolation } from '../../state-machines/validation/violation.ts';
import { DeployConfigError } from './deploy-config.ts';

/** A project that validated, with every scenario compiled: what the stack deploys. */
export type DeployableProject = {
  readonly project: Project;
  readonly scenarios: readonly ProjectScenario[];
};

/**
 * Loads, validates and compiles the project exactly as `parcours validate` and `compile` do, so a
 * project that synthesizes is one the CLI accepts. Every violation is reported at once.
 */
export async function loadDeployableProject(dir: string): Promise<DeployableProject> {
  let sources: Awaited<ReturnType<typeof loadProject>>;
  try {
    sources = await loadProject(dir);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new DeployConfigError([`${message} (set it with the context "parcours:projectDir")`]);
  }
  const { project, violations } = validateProject(sources);
  if (violations.length > 0) throw new DeployConfigError(violations.map(formatViolation));
  return { project, scenarios: compileProject(project) };
}
