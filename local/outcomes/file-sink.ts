import { type FileHandle, mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../shared/clock/clock.ts';
import { OutcomeFact, type OutcomeSink, PARTITION_COLUMN } from '../../shared/outcomes/outcome-fact.ts';

/** Where the local platform keeps outcome facts, under its data folder. */
export const FACTS_FOLDER = 'outcomes';

/**
 * Outcome facts as JSON lines under the data folder, one file per day in a `dt=YYYY-MM-DD` folder,
 * as Firehose partitions them on S3, so the same SQL reads both. A batch is appended and synced
 * before `append` resolves: the caller's step is then done, and a crash cannot lose its facts.
 * A crash or a full disk in the middle of an append leaves a line cut short, whose batch was not
 * taken and is written again whole by its retried step: the next append first cuts it off. Left
 * in place with a newline after it, a line cut just after a key's colon made DuckDB read the next
 * line, the retried fact, as that key's value, and drop both. A cut line at the end of an earlier
 * day's file, which no append follows, the reports skip (duckdb-facts.ts).
 */
export function fileSink(dataDir: string, clock: Clock): OutcomeSink {
  let writing = Promise.resolve();
  // The files this sink last wrote whole: only a file it has not, or whose last write failed, can
  // end with a cut line, so only those are looked at before writing.
  const whole = new Set<string>();
  const write = async (facts: readonly OutcomeFact[]): Promise<void> => {
    if (facts.length === 0) return;
    const lines = facts.map((fact) => `${JSON.stringify(OutcomeFact.parse(fact))}\n`).join('');
    const day = clock.now().toISOString().slice(0, 10);
    const folder = join(dataDir, FACTS_FOLDER, `${PARTITION_COLUMN}=${day}`);
    const path = join(folder, 'facts.jsonl');
    await mkdir(folder, { recursive: true });
    const file = await open(path, 'a+');
    try {
      if (!whole.delete(path)) await dropTornTail(file);
      await file.appendFile(lines, 'utf8');
      await file.datasync();
      whole.add(path);
    } finally {
      await file.close();
    }
  };
  return {
    // One write at a time, so lines of concurrent batches never interleave.
    append: (facts) => {
      const next = writing.then(() => write(facts));
      writing = next.catch(() => undefined);
      return next;
    },
  };
}

/** Cuts off the file's last line when it was cut short (it does not end with a newline). */
async function dropTornTail(file: FileHandle): Promise<void> {
  const { size } = await file.stat();
  const last = Buffer.alloc(1);
  if (size === 0 || ((await file.read(last, 0, 1, size - 1)).bytesRead === 1 && last[0] === NEWLINE)) return;
  const chunk = Buffer.alloc(TAIL_CHUNK);
  let end = size;
  while (end > 0) {
    const start = Math.max(0, end - TAIL_CHUNK);
    const { bytesRead } = await file.read(chunk, 0, end - start, start);
    const newline = chunk.subarray(0, bytesRead).lastIndexOf(NEWLINE);
    if (newline !== -1) {
      const whole = start + newline + 1;
      if (whole < size) await file.truncate(whole);
      return;
    }
    end = start;
  }
  await file.truncate(0);
}

const NEWLINE = 0x0a;
const TAIL_CHUNK = 64 * 1024;
