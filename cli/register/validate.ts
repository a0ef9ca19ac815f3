import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerValidate(program: Command): void {
  program
    .command('validate')
    .description('check every scenario, template and project file; report all problems at once')
    .argument('[dir]', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .option('--json', 'print the violations as JSON on stdout')
    .action(async (dir: string, options: { json?: boolean }) =>
      (await import('../commands/validate.ts')).runValidate(dir, options),
    );
}
