import * as z from 'zod';
import { outboxOf } from '../../local/dev/data-files.ts';
import { hasDataFolder, noDataYet } from '../../local/dev/data-folder-presence.ts';
import { OutboxEntry } from '../../local/outbox/outbox.ts';
import { EXIT } from '../defaults.ts';
import { optionProblems } from '../input/option-problems.ts';
import { fail } from '../output/fail.ts';
import { outboxTable } from './outbox-table.ts';

const OutboxOptions = z.object({
  channel: OutboxEntry.shape.channel.optional(),
  json: z.boolean().optional(),
  data: z.string().min(1),
});

export async function runOutbox(rawOptions: unknown): Promise<void> {
  const options = OutboxOptions.safeParse(rawOptions);
  if (!options.success) return fail(EXIT.usage, optionProblems(options.error, rawOptions));
  const { channel, json, data } = options.data;
  if (!(await hasDataFolder(data))) return fail(EXIT.usage, noDataYet(data));
  // The outbox is a file of JSON lines, appended to by the server: reading it needs no server.
  const entries = (await outboxOf(data).list()).filter(
    (entry) => channel === undefined || entry.channel === channel,
  );
  if (json) {
    process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
    return;
  }
  if (entries.length === 0) {
    process.stdout.write(`no messages in ${data}${channel === undefined ? '' : ` for ${channel}`} yet\n`);
    return;
  }
  process.stdout.write(outboxTable(entries));
}
