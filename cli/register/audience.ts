import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';
import { withDevServerOptions } from './dev-server-options.ts';

export function registerAudience(program: Command): void {
  withDevServerOptions(
    program
      .command('audience')
      .description(
        'who a segment, or a scenario started by a schedule or an anniversary, reaches now: counts by channel and consent, who is left out and why, and a sample',
      )
      .argument('<name>', 'a segment of parcours.config.yaml, or a scenario id')
      .option('--sample <n>', 'how many customers to list', '20')
      .option('--json', 'print the preview as JSON')
      .option(
        '--dir <dir>',
        'the scenarios, to read the data folder without a dev server',
        DEFAULT_PROJECT_DIR,
      ),
  ).action(async (name: string, options: unknown) =>
    (await import('../commands/audience.ts')).runAudience(name, options),
  );
}
