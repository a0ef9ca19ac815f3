import type { Command } from 'commander';
import { DEFAULT_BUS_PORT, DEFAULT_DATA_DIR } from '../defaults.ts';

/** `--port` and `--data`: how a command that reads the local platform finds it, running or not. */
export function withDevServerOptions(command: Command): Command {
  return command
    .option(
      '--port <port>',
      `the bus port of the running dev server, its admin endpoint being the next one (default: the port the server recorded in --data, else ${DEFAULT_BUS_PORT})`,
    )
    .option(
      '--data <dir>',
      'the data folder: where a running dev server records its ports, read directly when none runs',
      DEFAULT_DATA_DIR,
    );
}
