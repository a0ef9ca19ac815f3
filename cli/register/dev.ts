import type { Command } from 'commander';
import {
  DEFAULT_BACKTESTS_DIR,
  DEFAULT_BUS_PORT,
  DEFAULT_DATA_DIR,
  DEFAULT_PROJECT_DIR,
} from '../defaults.ts';

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'run the local platform: bus, journeys, email inbox and a readable log (what `npm start` runs)',
    )
    .option('--dir <dir>', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .option(
      '--data <dir>',
      'where profiles, journeys, the ledger, the outbox and the bus journal persist',
      DEFAULT_DATA_DIR,
    )
    .option(
      '--port <port>',
      'the bus port; the admin endpoint takes the next one, the email inbox the one after',
      String(DEFAULT_BUS_PORT),
    )
    .option('--speed <factor>', 'journey time runs this many times faster than real time', '60')
    .option('--no-demo', 'do not load the demo customers and events into a fresh data folder')
    .option(
      '--backtests <dir>',
      'where the console finds saved backtests (`simulate --json` reports)',
      DEFAULT_BACKTESTS_DIR,
    )
    .action(async (options: unknown) =>
      (await import('../commands/dev.ts')).runDev(
        options,
        // The banner suggests only the commands that exist.
        new Set(program.commands.map((command) => command.name())),
      ),
    );
}
