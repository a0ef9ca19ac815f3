import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';
import { withDevServerOptions } from './dev-server-options.ts';

export function registerTrace(program: Command): void {
  withDevServerOptions(
    program
      .command('trace')
      .description(
        "everything about one customer: journeys, states, each message's outcome and reason, events (addresses masked)",
      )
      .argument('<profileId>', 'the customer, as in detail.profileId')
      .option('--json', 'print the trace as JSON')
      .option('--reveal', 'show email addresses, phone numbers and push tokens in clear (masked by default)')
      .option(
        '--dir <dir>',
        'the scenarios, to read the data folder without a dev server',
        DEFAULT_PROJECT_DIR,
      ),
  ).action(async (profileId: string, options: unknown) =>
    (await import('../commands/trace.ts')).runTrace(profileId, options),
  );
}
