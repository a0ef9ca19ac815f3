import { EXIT } from '../defaults.ts';
import { loadValidProject } from '../project.ts';

export async function runValidate(dir: string, options: { json?: boolean }): Promise<void> {
  const { project, violations } = await loadValidProject(dir);
  if (options.json) process.stdout.write(`${JSON.stringify({ violations }, null, 2)}\n`);
  if (violations.length > 0) {
    process.stderr.write(
      `${violations.length} problem${violations.length === 1 ? '' : 's'} found in ${dir}\n`,
    );
    process.exitCode = EXIT.invalid;
    return;
  }
  if (!options.json) {
    process.stdout.write(
      `${dir}: ${project.scenarios.length} scenarios, ${project.templates.size} templates, ${Object.keys(project.programs.programs).length} programs: all valid\n`,
    );
  }
}
