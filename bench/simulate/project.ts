import { fileURLToPath } from 'node:url';
import { compileProject } from '../../state-machines/compile-project.ts';
import type { StateMachine } from '../../state-machines/compiler/asl.ts';
import { loadProject } from '../../state-machines/project/load-project.ts';
import { validateProject } from '../../state-machines/validation/validate-project.ts';

/** The example project: its abandoned-cart scenario is the journey every measurement runs. */
export const PROJECT_DIR = fileURLToPath(new URL('../../scenarios', import.meta.url));
export const SCENARIO = 'abandoned-cart';

/** The compiled ASL of the measured scenario, as the platform compiles it. */
export async function compiledDefinition(): Promise<StateMachine> {
  const { project, violations } = validateProject(await loadProject(PROJECT_DIR));
  if (violations.length > 0)
    throw new Error(`the example project is invalid (${violations.length} violations)`);
  const found = compileProject(project).find(({ scenario }) => scenario.id === SCENARIO);
  if (found === undefined) throw new Error(`no scenario "${SCENARIO}" in ${PROJECT_DIR}`);
  return found.compiled.definition;
}
