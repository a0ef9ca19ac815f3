import { fileURLToPath } from 'node:url';
import { compileProject, type ProjectScenario } from '../../state-machines/compile-project.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));

/** The example project, validated and compiled; fails loudly if the examples have violations. */
export async function compiledExamples(): Promise<ProjectScenario[]> {
  const { project, violations } = validateProject(await loadProject(EXAMPLES_DIR));
  if (violations.length > 0) throw new Error(`examples are invalid: ${JSON.stringify(violations, null, 2)}`);
  return compileProject(project);
}

export async function compiledExample(id: string): Promise<ProjectScenario> {
  const found = (await compiledExamples()).find(({ scenario }) => scenario.id === id);
  if (found === undefined) throw new Error(`no example scenario "${id}"`);
  return found;
}
