import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { JsonLinesFile, readJsonLines } from '../../../local/simulate/json-lines-file.ts';
import { ShardOutbox } from '../../../local/simulate/shard-outbox.ts';

const Line = z.object({ index: z.number(), text: z.string() });

describe('a shard’s JSON-lines file', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parcours-json-lines-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every line in order across chunk flushes, and reads them back', async () => {
    // Prepare: well past one 256 KB chunk
    const file = await JsonLinesFile.open(join(dir, 'nested', 'lines.jsonl'));
    const values = Array.from({ length: 5_000 }, (_, index) => ({
      index,
      text: 'x'.repeat(100 + (index % 7)),
    }));

    // Act
    for (const value of values) await file.append(value);
    await file.close();

    // Assess
    expect(await readJsonLines(file.path, Line)).toEqual(values);
  });

  it('names the file and line of a value that does not fit the schema', async () => {
    // Prepare
    const path = join(dir, 'bad.jsonl');
    await appendFile(
      path,
      `${JSON.stringify({ index: 1, text: 'a' })}\n${JSON.stringify({ index: 'two' })}\n`,
    );

    // Act
    const reading = readJsonLines(path, Line);

    // Assess
    await expect(reading).rejects.toThrow(`${path}:2:`);
  });

  it('as an outbox, lists what was added before the file is closed', async () => {
    // Prepare
    const outbox = await ShardOutbox.open(join(dir, 'messages.jsonl'));
    const entry = {
      at: '2026-11-16T10:00:00.000Z',
      channel: 'sms' as const,
      to: '+12025550100',
      body: 'Hi',
      messageId: 'm-1',
    };

    // Act
    await outbox.add(entry);
    const listed = await outbox.list();
    await outbox.close();

    // Assess
    expect(listed).toEqual([entry]);
  });
});
