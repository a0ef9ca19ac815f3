import type { Command } from 'commander';
import { DEFAULT_BUS_PORT, DEFAULT_DATA_DIR } from '../defaults.ts';

export function registerRejected(program: Command): void {
  program
    .command('rejected')
    .description('list the events the platform kept as rejected, with the field at fault (running or not)')
    .option('--json', 'print the events as JSON, each with the event as received')
    .option('--day <yyyy-mm-dd>', 'the events received that day (UTC, journey time)')
    .option(
      '--since <duration>',
      'the events received within this long before now, e.g. 12h or 7d (default: 1d)',
    )
    .option(
      '--port <port>',
      `the bus port of the running dev server, its admin endpoint being the next one (default: the port the server recorded in --data, else ${DEFAULT_BUS_PORT})`,
    )
    .option(
      '--data <dir>',
      'the data folder: where a running dev server records its ports, read directly when none runs',
      DEFAULT_DATA_DIR,
    )
    .action(async (options: unknown) => (await import('../commands/rejected.ts')).runRejected(options));
}
