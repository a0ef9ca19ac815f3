import { type CompiledScenario, compileScenario } from './compiler/compile-scenario.ts';
import type { Project, ValidatedScenario } from './validation/validate-project.ts';

export type ProjectScenario = ValidatedScenario & { readonly compiled: CompiledScenario };

/** Compiles every valid scenario of a project, resolving what each takes from the project. */
export function compileProject(project: Project): ProjectScenario[] {
  const quietHoursChannels = project.config['quiet-hours']?.channels ?? [];
  return project.scenarios.map((validated) => ({
    ...validated,
    compiled: compileScenario({
      scenario: validated.scenario,
      tree: validated.tree,
      goal: validated.scenario.goal ?? project.programs.programs[validated.scenario.program]?.goal,
      quietHoursChannels,
    }),
  }));
}
