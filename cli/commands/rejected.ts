import * as z from 'zod';
import { openDataFolder } from '../../local/dev/data-folder.ts';
import {
  DEFAULT_REJECTED_RANGE,
  listRejected,
  RejectedListing,
  RejectedRange,
} from '../../local/dev/rejected-listing.ts';
import { readSavedClock } from '../../local/dev/saved-clock.ts';
import { EXIT } from '../defaults.ts';
import { askDevServer } from '../input/dev-server-request.ts';
import { fromServerOrDataFolder } from '../input/find-dev-server.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';
import { rejectedTable } from './rejected-table.ts';

const RejectedOptions = z.object({
  json: z.boolean().optional(),
  day: z.iso.date({ error: 'expected a day as yyyy-mm-dd' }).optional(),
  since: z.string().optional(),
  port: z.coerce.number().int().min(1).max(65_534).optional(),
  data: z.string().min(1),
});

export async function runRejected(rawOptions: unknown): Promise<void> {
  const options = RejectedOptions.safeParse(rawOptions);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
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
    const { value: listing, source } = await fromServerOrDataFolder(
      { port, dataDir: data },
      (admin) => askServer(admin, range.data),
      () => readDataFolder(data, range.data),
    );
    process.stdout.write(json ? `${JSON.stringify(listing, null, 2)}\n` : rejectedTable(listing, source));
  } catch (error) {
    fail(EXIT.usage, error instanceof Error ? error.message : String(error));
  }
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
    return await listRejected(folder.store, range, now);
  } finally {
    await folder.stop();
  }
}
