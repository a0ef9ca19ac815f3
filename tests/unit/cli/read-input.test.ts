import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseJsonValues, readInput } from '../../../cli/input/read-json.ts';

const folder = await mkdtemp(join(tmpdir(), 'parcours-read-input-'));
afterAll(() => rm(folder, { recursive: true, force: true }));

describe('a JSON input file', () => {
  it('reads as JSON when a spreadsheet or editor wrote a byte order mark first', async () => {
    // Prepare
    const path = join(folder, 'events.json');
    await writeFile(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[{"id":"a"},{"id":"b"}]')]),
    );

    // Act
    const values = parseJsonValues(await readInput(path), path);

    // Assess
    expect(values).toEqual([
      { value: { id: 'a' }, where: `${path}[0]` },
      { value: { id: 'b' }, where: `${path}[1]` },
    ]);
  });

  it('keeps a byte order mark that is not at the start, where it is part of a value', async () => {
    // Prepare
    const path = join(folder, 'inside.json');
    await writeFile(path, '{"id":"\uFEFFa"}');

    // Act
    const values = parseJsonValues(await readInput(path), path);

    // Assess
    expect(values).toEqual([{ value: { id: '\uFEFFa' }, where: path }]);
  });
});
