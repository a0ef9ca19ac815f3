import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { CLI_BIN } from '../helpers/cli-process.ts';
import { REPO_ROOT, useProjectFixtures } from '../helpers/project-fixture.ts';

/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 120_000 };
const { tempDir } = useProjectFixtures();
const run = promisify(execFile);
/** The week of events the README simulates. */
const WEEK = join(REPO_ROOT, 'tests', 'events', 'week.jsonl');

/**
 * A simulation of the README's week, each Node of it loading a module (through NODE_OPTIONS, which every
 * Node the command starts inherits) that writes down the V8 flags it was started with.
 */
async function flagsOfEachNode(nodeFlags: readonly string[]): Promise<string[][]> {
  const dir = await tempDir();
  const probe = join(dir, 'probe.mjs');
  const written = join(dir, 'flags.jsonl');
  await writeFile(
    probe,
    `import { appendFileSync } from 'node:fs';\nappendFileSync(${JSON.stringify(written)}, JSON.stringify(process.execArgv) + '\\n');\n`,
  );
  const env = { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(probe).href}` };
  const args = ['simulate', '--events', WEEK, '--json', '--dir', 'scenarios'];
  // Rejects, with the command's stderr, when it exits other than 0.
  await run(process.execPath, [...nodeFlags, CLI_BIN, ...args], { cwd: REPO_ROOT, env, timeout: 100_000 });
  return (await readFile(written, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => z.array(z.string()).parse(JSON.parse(line)));
}

describe('parcours simulate runs in a Node sized for a backtest', SPAWNS, () => {
  it('with a main heap of half the memory and the young generation Node 20 gives it', async () => {
    // Act
    const nodes = await flagsOfEachNode([]);

    // Assess: the command's own Node, then the one it started for the simulation.
    expect(nodes).toHaveLength(2);
    const simulation = nodes.find((flags) => flags.some((flag) => flag.startsWith('--max-old-space-size=')));
    expect(simulation).toContain('--max-semi-space-size=16');
  });

  it('in the caller’s Node as it is when the caller sets the heap limit', async () => {
    // Act
    const nodes = await flagsOfEachNode(['--max-old-space-size=3000']);

    // Assess
    expect(nodes).toEqual([['--max-old-space-size=3000']]);
  });
});
