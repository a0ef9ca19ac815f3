import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileOutbox, type OutboxEntry } from '../../../local/outbox/outbox.ts';

let dir: string;
const message = (messageId: string): OutboxEntry => ({
  at: '2026-11-02T10:00:00.000Z',
  channel: 'email',
  to: 'ana@example.com',
  subject: 'Hello',
  body: 'Hello Ana',
  profileId: 'ana',
  messageId,
});

describe('FileOutbox', () => {
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'parcours-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lists what any process appended since, and keeps each email its HTML', async () => {
    // Prepare
    const file = join(dir, 'outbox.jsonl');
    const server = new FileOutbox(file, join(dir, 'html'));
    await server.add(message('a/1'), '<p>Hello <b>Ana</b></p>');
    expect((await server.list()).map((entry) => entry.messageId)).toEqual(['a/1']);

    // Act: another process's outbox on the same file.
    await new FileOutbox(file, join(dir, 'html')).add(message('b'));

    // Assess
    expect((await server.list()).map((entry) => entry.messageId)).toEqual(['a/1', 'b']);
    expect(await server.html('a/1')).toBe('<p>Hello <b>Ana</b></p>');
    expect(await server.html('b')).toBeUndefined();
  });

  it('waits for a line still being written, skips a torn one, and reads a replaced file afresh', async () => {
    // Prepare
    const file = join(dir, 'outbox.jsonl');
    const outbox = new FileOutbox(file, join(dir, 'html'));
    const line = JSON.stringify(message('c'));
    await writeFile(file, `not json\n${line.slice(0, 20)}`);

    // Act and assess: the half line is not read until its end is there.
    expect(await outbox.list()).toEqual([]);
    await appendFile(file, `${line.slice(20)}\n`);
    expect((await outbox.list()).map((entry) => entry.messageId)).toEqual(['c']);
    await writeFile(file, `${JSON.stringify(message('d'))}\n`);
    expect((await outbox.list()).map((entry) => entry.messageId)).toEqual(['d']);
    // Replaced again by a longer file: read from its start, not from where the last one ended.
    await rm(file);
    await writeFile(file, ['e', 'f', 'g'].map((id) => `${JSON.stringify(message(id))}\n`).join(''));
    expect((await outbox.list()).map((entry) => entry.messageId)).toEqual(['e', 'f', 'g']);
  });
});
