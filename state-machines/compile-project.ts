import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { type CompiledScenario, compileScenario } from './compiler/compile-scenario.ts';
import { allNodes, type StepNode } from './model/step-tree.ts';
import type { Template } from './project/template-files.ts';
import type { Project, ValidatedScenario } from './validation/validate-project.ts';

export type ProjectScenario = ValidatedScenario & {
  readonly compiled: CompiledScenario;
  /** What the version says of the templates the scenario sends (see compileScenario). */
  readonly templatesDigest: string;
};

/** Compiles every valid scenario of a project, resolving what each takes from the project. */
export function compileProject(project: Project): ProjectScenario[] {
  const quietHoursChannels = project.config['quiet-hours']?.channels ?? [];
  return project.scenarios.map((validated) => {
    const digest = templatesDigest(validated.tree, project.templates);
    return {
      ...validated,
      templatesDigest: digest,
      compiled: compileScenario({
        scenario: validated.scenario,
        tree: validated.tree,
        goal: validated.scenario.goal ?? project.programs.programs[validated.scenario.program]?.goal,
        quietHoursChannels,
        templatesDigest: digest,
      }),
    };
  });
}

/** The names of the templates a scenario sends, in order. */
export function sentTemplates(tree: readonly StepNode[]): string[] {
  return [
    ...new Set(allNodes(tree).flatMap((node) => (node.kind === 'send' ? [node.step.template] : []))),
  ].sort();
}

/** A digest of the sources of the templates a scenario sends, in the order of their names. */
function templatesDigest(tree: readonly StepNode[], templates: ReadonlyMap<string, Template>): string {
  const sources = sentTemplates(tree).map((name) =>
    (templates.get(name)?.files ?? []).map(({ file, fields, body }) => ({
      file: basename(file),
      fields,
      body,
    })),
  );
  return createHash('sha256').update(JSON.stringify(sources)).digest('hex');
}
