import type { Command } from 'commander';
import { DEFAULT_PROJECT_DIR } from '../defaults.ts';

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'backtest: replay events through the scenarios in virtual time and report what would have been sent',
    )
    .requiredOption(
      '--events <file>',
      'EventBridge envelopes with their time, as JSON lines (or a JSON array)',
    )
    .option('--profiles <file>', 'customer profiles as JSON lines, loaded before the first event')
    .option('--scenario <id...>', 'only these scenarios take entries (default: all)')
    .option('--until <when>', 'stop the clock at this ISO time, or this long after the first event (e.g. 7d)')
    .option(
      '--workers <n>',
      'worker threads, each simulating a share of the customers (default: one per core from 20,000 events and customers, else none)',
    )
    .option('--json', 'print the report as JSON')
    .option(
      '--report',
      'also print the outcome report: conversions, revenue and uplift per scenario and variant',
    )
    .option('--dir <dir>', 'the folder holding the scenarios', DEFAULT_PROJECT_DIR)
    .action(async (flags: unknown) => (await import('../commands/simulate.ts')).runSimulate(flags));
}
