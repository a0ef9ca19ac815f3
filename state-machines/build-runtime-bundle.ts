import { RuntimeBundle } from '../language/runtime-bundle.ts';
import type { ProjectScenario } from './compile-project.ts';
import { compileTemplates } from './templates/compile-templates.ts';
import type { Project } from './validation/validate-project.ts';

/**
 * Builds the runtime bundle from a validated project, compiling templates (MJML included) ahead of
 * time. Kept apart from the bundle's schema so the functions, which only read a bundle, never
 * load the template compiler.
 */
export async function buildRuntimeBundle(
  project: Project,
  compiled: readonly ProjectScenario[],
): Promise<RuntimeBundle> {
  const { bundle: templates, errors } = await compileTemplates([...project.templates.values()]);
  if (errors.length > 0) {
    throw new Error(
      `templates do not compile:\n${errors.map((error) => `${error.file}: ${error.message}`).join('\n')}`,
    );
  }
  return RuntimeBundle.parse({
    config: project.config,
    programs: project.programs,
    scenarios: Object.fromEntries(
      compiled.map(({ scenario, compiled: { manifest } }) => [
        scenario.id,
        { scenario, goal: scenario.goal ?? project.programs.programs[scenario.program]?.goal, manifest },
      ]),
    ),
    templates,
  });
}
