import type { Command } from 'commander';
import { DEFAULT_DATA_DIR, DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description(
      'what each program, scenario, step and variant earns against its holdout: from the local data folder, or from AWS (--aws)',
    )
    .option('--program <id>', 'only this program and its scenarios')
    .option('--scenario <id>', 'only this scenario (and its program)')
    .option(
      '--since <when>',
      'journeys entered since this ISO time, or this long ago (e.g. 30d); default: all',
    )
    .option('--json', 'print the report as JSON')
    .option('--aws', 'read the deployed stack with Athena, with the default credential chain')
    .option('--stack <name>', 'the deployed stack (with --aws)', 'Parcours')
    .option('--data <dir>', 'the local data folder', DEFAULT_DATA_DIR)
    .option('--dir <dir>', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .action(async (options: unknown) => (await import('../commands/report.ts')).runReport(options));
}
