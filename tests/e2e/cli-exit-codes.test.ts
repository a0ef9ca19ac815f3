import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closedPort, parcours } from '../helpers/cli-process.ts';
import { REPO_ROOT, useProjectFixtures } from '../helpers/project-fixture.ts';

/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 120_000 };
const { copyExamples, tempDir } = useProjectFixtures();

/** The README's contract, read from the README: the codes for success, problems and failure. */
async function readmeExitCodes(): Promise<{ ok: number; problems: number; failed: number }> {
  const readme = (await readFile(join(REPO_ROOT, 'README.md'), 'utf8')).replace(/\s+/g, ' ');
  const contract =
    /Exit codes: `(\d)` success, `(\d)` the project has problems .*?, `(\d)` the command was misused .*? or failed/.exec(
      readme,
    );
  if (contract === null)
    throw new Error('the README no longer states the exit codes as this test reads them');
  return { ok: Number(contract[1]), problems: Number(contract[2]), failed: Number(contract[3]) };
}
describe("every command's exit code follows the README", SPAWNS, () => {
  it('0 on success, 1 for a project with problems, 2 for a misused or failed command, said without a stack trace', async () => {
    // Prepare
    const codes = await readmeExitCodes();
    const broken = await copyExamples();
    await broken.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    const files = await tempDir();
    const badEvents = join(files, 'events.jsonl');
    await writeFile(badEvents, '{"source": shop}\n');
    const noData = join(files, 'no-data');
    const bus = `http://127.0.0.1:${await closedPort()}`;
    const cases: readonly { args: string[]; cwd?: string; expected: keyof typeof codes }[] = [
      { args: ['validate', 'scenarios'], expected: 'ok' },
      { args: ['validate', 'scenarios'], cwd: broken.root, expected: 'problems' },
      { args: ['compile', 'scenarios'], cwd: broken.root, expected: 'problems' },
      { args: ['report', '--data', noData], cwd: broken.root, expected: 'problems' },
      { args: ['no-such-command'], expected: 'failed' },
      { args: ['validate', '--no-such-option'], expected: 'failed' },
      { args: ['graph', 'no-such-scenario', 'scenarios'], expected: 'failed' },
      {
        args: ['send-event', '--endpoint', bus, '--source', 'shop', '--detail-type', 'ping'],
        expected: 'failed',
      },
      { args: ['send-event', '--endpoint', bus, badEvents], expected: 'failed' },
      { args: ['simulate', '--events', badEvents], expected: 'failed' },
      { args: ['simulate', '--events', join(files, 'absent.jsonl')], expected: 'failed' },
      {
        args: [
          'simulate',
          '--events',
          join(REPO_ROOT, 'tests', 'events', 'week.jsonl'),
          '--scenario',
          'abandoned-cat',
        ],
        expected: 'failed',
      },
      { args: ['report', '--scenario', 'abandoned-cat', '--data', noData], expected: 'failed' },
      { args: ['trace', 'ana', '--port', String(new URL(bus).port), '--data', noData], expected: 'failed' },
      { args: ['rejected', '--port', String(new URL(bus).port), '--data', noData], expected: 'failed' },
      { args: ['report', '--since', '7', '--data', noData], expected: 'failed' },
      { args: ['report', '--data', noData], expected: 'failed' },
      { args: ['outbox', '--data', noData], expected: 'failed' },
    ];

    // Act
    const runs = await Promise.all(
      cases.map(({ args, cwd }) => parcours(args, cwd === undefined ? {} : { cwd })),
    );

    // Assess
    const seen = cases.map(({ args }, index) => `${args.slice(0, 2).join(' ')} → ${runs[index]?.code}`);
    expect(seen).toEqual(
      cases.map(({ args, expected }) => `${args.slice(0, 2).join(' ')} → ${codes[expected]}`),
    );
    // A failure the command handles says why, plainly: no stack trace.
    for (const [index, run] of runs.entries()) {
      const { args, expected } = cases[index] ?? { args: [], expected: 'ok' };
      if (expected !== 'failed' || args[0] === 'no-such-command' || args[1] === '--no-such-option') continue;
      expect({ args, stderr: run.stderr }).toEqual({ args, stderr: expect.stringMatching(/^parcours: \S/) });
      expect({ args, stderr: run.stderr }).not.toEqual({ args, stderr: expect.stringMatching(/\n\s+at /) });
    }
  });
});
