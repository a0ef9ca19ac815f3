import type { Command } from 'commander';
import { DEFAULT_BUS_PORT, DEFAULT_DATA_DIR, DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerTrace(program: Command): void {
  program
    .command('trace')
    .description(
      "everything about one customer: journeys, states, each message's outcome and reason, events (addresses masked)",
    )
    .argument('<profileId>', 'the customer, as in detail.profileId')
    .option('--json', 'print the trace as JSON')
    .option('--reveal', 'show email addresses, phone numbers and push tokens in clear (masked by default)')
    .option('--dir <dir>', 'the scenarios, to read the data folder without a dev server', DEFAULT_PROJECT_DIR)
    .option(
      '--port <port>',
      `the bus port of the running dev server, its admin endpoint being the next one (default: the port the server recorded in --data, else ${DEFAULT_BUS_PORT})`,
    )
    .option(
      '--data <dir>',
      'the data folder: where a running dev server records its ports, read directly when none runs',
      DEFAULT_DATA_DIR,
    )
    .action(async (profileId: string, options: unknown) =>
      (await import('../commands/trace.ts')).runTrace(profileId, options),
    );
}
