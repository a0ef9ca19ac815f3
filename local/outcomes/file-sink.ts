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
 * taken and is written again whole by its retried step; the next append starts on a line of its
 * own, so the cut line never swallows a fact, and the reports skip it (duckdb-facts.ts).
 */
export function fileSink(dataDir: string, clock: Clock): OutcomeSink {
  let writing = Promise.resolve();
  const write = async (facts: readonly OutcomeFact[]): Promise<void> => {
    if (facts.length === 0) return;
    const lines = facts.map((fact) => `${JSON.stringify(OutcomeFact.parse(fact))}\n`).join('');
    const day = clock.now().toISOString().slice(0, 10);
    const folder = join(dataDir, FACTS_FOLDER, `${PARTITION_COLUMN}=${day}`);
    await mkdir(folder, { recursive: true });
    const file = await open(join(folder, 'facts.jsonl'), 'a+');
    try {
      await file.appendFile((await endsTorn(file)) ? `\n${lines}` : lines, 'utf8');
      await file.datasync();
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

/** Whether the file's last line was cut short: it does not end with a newline. */
async function endsTorn(file: FileHandle): Promise<boolean> {
  const { size } = await file.stat();
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await file.read(last, 0, 1, size - 1);
  return last[0] !== NEWLINE;
}

const NEWLINE = 0x0a;
