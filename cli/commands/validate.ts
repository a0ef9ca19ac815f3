import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR, EXIT, loadValidProject } from '../project.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check every scenario, template and project file; report all problems at once')
    .argument('[dir]', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .option('--json', 'print the violations as JSON on stdout')
    .action(async (dir: string, options: { json?: boolean }) => {
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
    });
}
