import type { Command } from 'commander';
import { withDevServerOptions } from './dev-server-options.ts';

export function registerRejected(program: Command): void {
  withDevServerOptions(
    program
      .command('rejected')
      .description('list the events the platform kept as rejected, with the field at fault (running or not)')
      .option('--json', 'print the events as JSON, each with the event as received')
      .option('--day <yyyy-mm-dd>', 'the events received that day (UTC, journey time)')
      .option(
        '--since <duration>',
        'the events received within this long before now, e.g. 12h or 7d (default: 1d)',
      ),
  ).action(async (options: unknown) => (await import('../commands/rejected.ts')).runRejected(options));
}
