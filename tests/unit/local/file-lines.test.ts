import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileLines } from '../../../local/simulate/input/file-lines.ts';

const folder = await mkdtemp(join(tmpdir(), 'parcours-file-lines-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

async function linesOf(content: Buffer) {
  const path = join(folder, `${Math.random().toString(36).slice(2)}.jsonl`);
  await writeFile(path, content);
  const bytes = await readFile(path);
  const lines = [];
  for await (const line of fileLines(path)) {
    // Where the line is must read it back whole, as a shard reads its events again.
    const again = bytes.subarray(line.offset, line.offset + line.length).toString('utf8');
    lines.push({ number: line.number, text: line.text, again });
  }
  return lines;
}

describe('the lines of an input file', () => {
  it('leaves out the byte order mark a spreadsheet writes first, on the first line only', async () => {
    // Prepare: a BOM, CRLF line ends, a blank line, and a BOM inside a later line's text
    const content = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('{"id":"a"}\r\n\r\n{"id":"\uFEFFb"}\r\n', 'utf8'),
    ]);

    // Act
    const lines = await linesOf(content);

    // Assess
    expect(lines).toEqual([
      { number: 1, text: '{"id":"a"}', again: '{"id":"a"}' },
      { number: 3, text: '{"id":"\uFEFFb"}', again: '{"id":"\uFEFFb"}' },
    ]);
    expect(JSON.parse(lines[0]?.text ?? '')).toEqual({ id: 'a' });
  });

  it('reads a file that is a byte order mark alone as no lines', async () => {
    // Act
    const lines = await linesOf(Buffer.from([0xef, 0xbb, 0xbf]));

    // Assess
    expect(lines).toEqual([]);
  });
});
