import { type Command, Option } from 'commander';
import { DEFAULT_DATA_DIR, DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerConsole(program: Command): void {
  program
    .command('console')
    .description(
      "open the marketer's console in a browser: a deployed stack (--aws), a saved backtest (--report), or the address of the one npm start serves",
    )
    .addOption(
      new Option(
        '--aws',
        'read the deployed stack with your own AWS credentials (its ConsoleReader policy is what they need)',
      ).conflicts('report'),
    )
    .option('--stack <name>', 'the deployed stack (with --aws)', 'Parcours')
    .option(
      '--report <file>',
      'a report of `parcours simulate --json`, shown with the same pages as the live platform',
    )
    .option('--dir <dir>', 'the folder holding the scenarios, for the graphs', DEFAULT_PROJECT_DIR)
    .option('--data <dir>', 'the data folder of the dev server to find', DEFAULT_DATA_DIR)
    .option('--port <port>', 'the port to serve a report or a stack on (0 for any free one)', '4020')
    .option('--host <host>', 'the address to listen on: loopback unless you choose to share it', '127.0.0.1')
    .action(async (options: unknown) => (await import('../commands/console.ts')).runConsole(options));
}
