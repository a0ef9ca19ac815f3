import type { Command } from 'commander';
import { DEFAULT_DATA_DIR } from '../defaults.ts';

/** The outbox's channels, written out so `--help` loads no schema; a test holds them to OutboxEntry's. */
export const OUTBOX_CHANNELS = ['email', 'sms', 'push', 'webhook'] as const;

export function registerOutbox(program: Command): void {
  program
    .command('outbox')
    .description('list the messages the local platform sent, with their addresses (running or not)')
    .option('--channel <channel>', `only ${OUTBOX_CHANNELS.join(', ')}`)
    .option('--json', 'print the messages as JSON')
    .option('--data <dir>', 'the data folder of `parcours dev`', DEFAULT_DATA_DIR)
    .action(async (options: unknown) => (await import('../commands/outbox.ts')).runOutbox(options));
}
