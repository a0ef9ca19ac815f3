import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import * as z from 'zod/mini';

/** The lines of a shard's file are written in chunks of about this size. */
const FLUSH_AT_CHARACTERS = 256 * 1024;

/**
 * A JSON-lines file a simulation shard appends to: what the report needs of each journey goes
 * there rather than staying in the shard's memory until the end. Lines are written in chunks,
 * since a write per line costs a backtest more than the line itself.
 */
export class JsonLinesFile {
  private pending: string[] = [];
  private pendingLength = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    readonly path: string,
    private readonly stream: ReturnType<typeof createWriteStream>,
  ) {}

  static async open(path: string): Promise<JsonLinesFile> {
    await mkdir(dirname(path), { recursive: true });
    const stream = createWriteStream(path, { flags: 'a' });
    await once(stream, 'open');
    return new JsonLinesFile(path, stream);
  }

  /** Queues a line; resolves once written when the queue was full, at once otherwise. */
  async append(value: unknown): Promise<void> {
    const line = `${JSON.stringify(value)}\n`;
    this.pending.push(line);
    this.pendingLength += line.length;
    if (this.pendingLength >= FLUSH_AT_CHARACTERS) await this.flush();
  }

  /** Writes what is queued and closes the file (again: waits for the first close). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      this.stream.end();
      await once(this.stream, 'close');
    })();
    return this.closing;
  }

  /** Resolves once every line appended so far is in the file. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    await new Promise<void>((resolve, reject) =>
      this.stream.write(chunk, (error) => (error ? reject(error) : resolve())),
    );
  }
}

/** Every line of a file a shard wrote, each checked against `schema`, naming the line that fails. */
export async function readJsonLines<Schema extends z.core.$ZodType>(
  path: string,
  schema: Schema,
): Promise<z.core.output<Schema>[]> {
  const values: z.core.output<Schema>[] = [];
  await forEachJsonLine(path, schema, (value) => values.push(value));
  return values;
}

/**
 * Hands each line of a file a shard wrote to `visit`, in the file's order, checked against
 * `schema` (naming the line that fails), without keeping the lines: what `visit` folds them into
 * is all that stays in memory.
 */
export async function forEachJsonLine<Schema extends z.core.$ZodType>(
  path: string,
  schema: Schema,
  visit: (value: z.core.output<Schema>) => void,
): Promise<void> {
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number += 1;
    if (line === '') continue;
    const parsed = z.safeParse(schema, JSON.parse(line));
    if (!parsed.success) throw new Error(`${path}:${number}: ${parsed.error.message}`);
    visit(parsed.data);
  }
}
