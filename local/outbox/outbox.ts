import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as z from 'zod';

/** A message as the local platform "sent" it: what a marketer checks before going live. */
export const OutboxEntry = z.object({
  at: z.string(),
  /** `webhook`: the local platform records webhook calls instead of reaching out to the network. */
  channel: z.enum(['email', 'sms', 'push', 'webhook']),
  to: z.string(),
  subject: z.string().optional(),
  body: z.string(),
  profileId: z.string().optional(),
  scenario: z.string().optional(),
  step: z.string().optional(),
  variant: z.string().optional(),
  messageId: z.string(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

export interface Outbox {
  add(entry: OutboxEntry): Promise<void>;
  list(): Promise<OutboxEntry[]>;
}

/** Kept in memory: for simulation, where nothing should outlive the run. */
export class MemoryOutbox implements Outbox {
  private readonly entries: OutboxEntry[] = [];

  async add(entry: OutboxEntry): Promise<void> {
    this.entries.push(entry);
  }

  async list(): Promise<OutboxEntry[]> {
    return [...this.entries];
  }
}

/** One JSON line per message in the data folder, so it survives restarts and other processes read it. */
export class FileOutbox implements Outbox {
  constructor(private readonly file: string) {}

  async add(entry: OutboxEntry): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
  }

  async list(): Promise<OutboxEntry[]> {
    const text = await readFile(this.file, 'utf8').catch(() => '');
    return text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .flatMap((line) => {
        const parsed = OutboxEntry.safeParse(parseLine(line));
        return parsed.success ? [parsed.data] : [];
      });
  }
}

/** A process killed mid-append leaves a torn last line: it is skipped, never fatal to the listing. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
