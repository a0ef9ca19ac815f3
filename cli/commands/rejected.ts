import type { Command } from 'commander';
import { z } from 'zod';
import { DataFolderError, openDataFolder } from '../../local/dev/data-folder.ts';
import {
  DEFAULT_REJECTED_RANGE,
  listRejected,
  RejectedListing,
  RejectedRange,
} from '../../local/dev/rejected-listing.ts';
import { readSavedClock } from '../../local/dev/saved-clock.ts';
import { adminUrlOf, askDevServer } from '../input/dev-server-request.ts';
import { EXIT } from '../project.ts';
import { DEFAULT_BUS_PORT, DEFAULT_DATA_DIR } from './dev.ts';
import { rejectedTable } from './rejected-table.ts';

const RejectedOptions = z.object({
  json: z.boolean().optional(),
  day: z.iso.date({ error: 'expected a day as yyyy-mm-dd' }).optional(),
  since: z.string().optional(),
  port: z.coerce.number().int().min(1).max(65_534),
  data: z.string().min(1),
});

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
      'the bus port of the running dev server (its admin endpoint is the next one)',
      String(DEFAULT_BUS_PORT),
    )
    .option('--data <dir>', 'the data folder to read when no dev server runs', DEFAULT_DATA_DIR)
    .action(async (rawOptions: unknown) => {
      const options = RejectedOptions.safeParse(rawOptions);
      if (!options.success) return fail(EXIT.usage, z.prettifyError(options.error));
      const { json, day, since, port, data } = options.data;
      if (day !== undefined && since !== undefined)
        return fail(EXIT.usage, 'give either --day or --since, not both');
      const range = RejectedRange.safeParse(
        day !== undefined ? { day } : since !== undefined ? { since } : DEFAULT_REJECTED_RANGE,
      );
      if (!range.success)
        return fail(EXIT.usage, `--since: expected a duration such as 12h or 7d, got "${since}"`);
      process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
      try {
        const admin = adminUrlOf(port);
        const fromServer = await askServer(admin, range.data);
        const listing = fromServer ?? (await readDataFolder(data, range.data));
        const source =
          fromServer === undefined
            ? `read from ${data}, no dev server running`
            : `from the dev server at ${admin}`;
        process.stdout.write(json ? `${JSON.stringify(listing, null, 2)}\n` : rejectedTable(listing, source));
      } catch (error) {
        fail(
          error instanceof DataFolderError ? EXIT.invalid : EXIT.usage,
          error instanceof Error ? error.message : String(error),
        );
      }
    });
}

/** The running server's listing, or undefined when none listens there. */
function askServer(admin: string, range: RejectedRange): Promise<RejectedListing | undefined> {
  const query = new URLSearchParams('day' in range ? { day: range.day } : { since: range.since });
  return askDevServer(admin, `/rejected?${query}`, RejectedListing);
}

async function readDataFolder(dataDir: string, range: RejectedRange): Promise<RejectedListing> {
  const folder = await openDataFolder(dataDir);
  try {
    const now = (await readSavedClock(dataDir)) ?? new Date();
    return await listRejected(folder.table, range, now);
  } finally {
    await folder.stop();
  }
}

function fail(code: number, message: string): void {
  process.stderr.write(`parcours: ${message}\n`);
  process.exitCode = code;
}
