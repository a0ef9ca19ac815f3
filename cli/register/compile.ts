import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerCompile(program: Command): void {
  program
    .command('compile')
    .description('compile each scenario to an Amazon States Language definition')
    .argument('[dir]', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .option('--out <dir>', 'write one <id>.asl.json per scenario into this folder')
    .option('--stats', 'print states, transitions and AWS list price per 1,000 journeys')
    .action(async (dir: string, options: { out?: string; stats?: boolean }) =>
      (await import('../commands/compile.ts')).runCompile(dir, options),
    );
}
