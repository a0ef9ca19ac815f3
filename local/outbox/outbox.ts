import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
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
  /** `html`: an email as the customer's client shows it, kept apart from the listing where kept. */
  add(entry: OutboxEntry, html?: string): Promise<void>;
  list(): Promise<OutboxEntry[]>;
  /** The HTML of an email, when this outbox keeps it. */
  html(messageId: string): Promise<string | undefined>;
}

/** Outboxes of simulations keep no HTML: a backtest of a million emails would hold gigabytes. */
export const NO_HTML = async (): Promise<undefined> => undefined;

/** Kept in memory: for simulation, where nothing should outlive the run. */
export class MemoryOutbox implements Outbox {
  private readonly entries: OutboxEntry[] = [];

  async add(entry: OutboxEntry): Promise<void> {
    this.entries.push(entry);
  }

  async list(): Promise<OutboxEntry[]> {
    return [...this.entries];
  }

  readonly html = NO_HTML;
}

/** One JSON line per message in the data folder, so it survives restarts and other processes read it. */
export class FileOutbox implements Outbox {
  /** Every complete line read so far, parsed: the console's message and customer pages list the outbox. */
  private readonly read: OutboxEntry[] = [];
  /** How far the file has been read, to the end of its last complete line, and which file it was. */
  private readBytes = 0;
  private readFile = '';
  private catchingUp: Promise<void> | undefined;

  /** `htmlFolder`: where each email's HTML is kept, one file per message. */
  constructor(
    private readonly file: string,
    private readonly htmlFolder: string,
  ) {}

  /**
   * The HTML first, so a listed message always has its HTML; one file each, named by a digest of
   * the message id (a provider's id may hold any character), so the listing stays small to read.
   */
  async add(entry: OutboxEntry, html?: string): Promise<void> {
    if (html !== undefined) {
      await mkdir(this.htmlFolder, { recursive: true });
      await writeFile(this.htmlFile(entry.messageId), html);
    }
    await mkdir(dirname(this.file), { recursive: true });
    await appendFile(this.file, `${JSON.stringify(entry)}\n`);
  }

  async html(messageId: string): Promise<string | undefined> {
    return readFile(this.htmlFile(messageId), 'utf8').catch(() => undefined);
  }

  private htmlFile(messageId: string): string {
    return join(this.htmlFolder, `${createHash('sha256').update(messageId).digest('hex')}.html`);
  }

  /**
   * Reads only what was appended since the last listing, by this process or another: a hundred
   * thousand messages are parsed once, not on every page of the console.
   */
  async list(): Promise<OutboxEntry[]> {
    this.catchingUp ??= this.catchUp().finally(() => {
      this.catchingUp = undefined;
    });
    await this.catchingUp;
    return [...this.read];
  }

  private async catchUp(): Promise<void> {
    const info = await stat(this.file).catch(() => undefined);
    const size = info?.size ?? 0;
    // A file is known by its inode and birth time: a deleted file's inode may be given to the next.
    const identity = info === undefined ? '' : `${info.ino}:${info.birthtimeMs}`;
    if (size < this.readBytes || identity !== this.readFile) {
      // Another file (a data folder deleted and started afresh): read it from its start.
      this.read.length = 0;
      this.readBytes = 0;
      this.readFile = identity;
    }
    if (size === this.readBytes) return;
    const handle = await open(this.file, 'r');
    try {
      const buffer = Buffer.alloc(size - this.readBytes);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.readBytes);
      const complete = buffer.subarray(0, bytesRead).lastIndexOf(0x0a) + 1;
      for (const line of buffer.subarray(0, complete).toString('utf8').split('\n')) {
        if (line.trim() === '') continue;
        const parsed = OutboxEntry.safeParse(parseLine(line));
        if (parsed.success) this.read.push(parsed.data);
      }
      this.readBytes += complete;
    } finally {
      await handle.close();
    }
  }
}

/** A process killed mid-append leaves a torn line: it is skipped, never fatal to the listing. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}
