import { type Command, Option } from 'commander';
import { DEFAULT_BUS_ENDPOINT, DEFAULT_DATA_DIR } from '../defaults.ts';

export function registerSendEvent(program: Command): void {
  program
    .command('send-event')
    .description(
      'publish events with the official EventBridge client, to the local bus or to AWS; locally, print whether the platform accepted or rejected each',
    )
    .argument(
      '[file]',
      'events as JSON: one, an array, or JSON lines (envelopes or PutEvents entries); - for stdin',
    )
    .option('--source <source>', 'the source of a single event given by flags')
    .option('--detail-type <type>', 'its detail-type')
    .option('--detail <json>', 'its detail, a JSON object (default: {})')
    .option(
      '--endpoint <url>',
      `the local bus (default: $PARCOURS_BUS_ENDPOINT, else the running dev server's, else ${DEFAULT_BUS_ENDPOINT})`,
    )
    .addOption(
      new Option('--aws', 'send to real EventBridge, with the default credential chain').conflicts(
        'endpoint',
      ),
    )
    .option(
      '--admin <url>',
      "the dev server's admin endpoint, asked what became of each event (default: the running dev server's, else the bus port + 1)",
    )
    .option(
      '--data <dir>',
      'the data folder of the dev server, where it records the ports it listens on',
      DEFAULT_DATA_DIR,
    )
    .option('--bus-name <name>', 'the EventBusName of entries that name none', 'default')
    .action(async (file: string | undefined, options: unknown) =>
      (await import('../commands/send-event.ts')).runSendEvent(file, options),
    );
}
