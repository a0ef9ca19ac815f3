import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parcours } from '../helpers/cli-process.ts';
import { EXAMPLES_DIR, lineContaining, useProjectFixtures } from '../helpers/project-fixture.ts';

const { copyExamples, tempDir } = useProjectFixtures();

/** Each spawn compiles the CLI with tsx (about 1.5 s, more on a busy machine). */
const SPAWNS = { timeout: 60_000 };

function lines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '');
}

/** What the example project holds, read from its files rather than from the CLI. */
async function examples(): Promise<{ ids: string[]; templates: number; programs: number }> {
  const files = (await readdir(EXAMPLES_DIR)).filter(
    (name) => name.endsWith('.yaml') && name !== 'parcours.config.yaml' && name !== 'programs.yaml',
  );
  const ids = await Promise.all(
    files.map(async (name) => (parse(await readFile(join(EXAMPLES_DIR, name), 'utf8')) as { id: string }).id),
  );
  const programs = parse(await readFile(join(EXAMPLES_DIR, 'programs.yaml'), 'utf8')) as {
    programs: Record<string, unknown>;
  };
  return {
    ids: ids.sort(),
    templates: (await readdir(join(EXAMPLES_DIR, 'templates'))).length,
    programs: Object.keys(programs.programs).length,
  };
}

describe('parcours validate', SPAWNS, () => {
  it('exits 0 on the examples and prints a one-line summary', async () => {
    // Prepare
    const expected = await examples();

    // Act
    const run = await parcours(['validate', 'scenarios']);

    // Assess
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(lines(run.stdout)).toEqual([
      `scenarios: ${expected.ids.length} scenarios, ${expected.templates} templates, ${expected.programs} programs: all valid`,
    ]);
  });

  it('exits 1 on a broken copy, with the violations on stderr and as JSON with --json', async () => {
    // Prepare
    const fixture = await copyExamples();
    await fixture.replace('abandoned-cart.yaml', 'template: cart-reminder', 'template: cart-remindr');
    const line = lineContaining(await fixture.read('abandoned-cart.yaml'), 'cart-remindr');
    const message = 'unknown template "cart-remindr" (did you mean "cart-reminder"?)';

    // Act
    const [text, json] = await Promise.all([
      parcours(['validate', 'scenarios'], { cwd: fixture.root }),
      parcours(['validate', '--json', 'scenarios'], { cwd: fixture.root }),
    ]);

    // Assess
    expect(text.code).toBe(1);
    expect(text.stdout).toBe('');
    expect(lines(text.stderr)).toEqual([
      `scenarios/abandoned-cart.yaml:steps[1].template: ${message}`,
      '1 problem found in scenarios',
    ]);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({
      violations: [{ file: 'scenarios/abandoned-cart.yaml', path: 'steps[1].template', message, line }],
    });
  });
});

describe('parcours compile', SPAWNS, () => {
  it('writes one ASL definition per scenario (and a broadcast one per clock-started scenario) with --out, and a stats line per scenario with --stats', async () => {
    // Prepare
    const { ids } = await examples();
    const out = await tempDir();

    // Act
    const run = await parcours(['compile', 'scenarios', '--out', out, '--stats']);

    // Assess
    expect(run.code).toBe(0);
    const written = (await readdir(out)).sort();
    const clocked = ['birthday', 'monthly-newsletter'];
    expect(written).toEqual(
      [...ids.map((id) => `${id}.asl.json`), ...clocked.map((id) => `${id}.broadcast.asl.json`)].sort(),
    );
    for (const file of written) {
      const definition = JSON.parse(await readFile(join(out, file), 'utf8')) as {
        StartAt?: unknown;
        States?: Record<string, unknown>;
      };
      expect(typeof definition.StartAt, file).toBe('string');
      expect(definition.States?.[String(definition.StartAt)], file).toBeDefined();
    }
    const stdoutLines = lines(run.stdout);
    for (const id of ids) {
      expect(
        stdoutLines.filter((row) => new RegExp(`^${id}\\s+\\d+\\s`).test(row)),
        id,
      ).toHaveLength(1);
    }
    // Each broadcast's orchestration per 1,000 recipients, against SES's price.
    for (const id of clocked) {
      expect(
        stdoutLines.some((row) =>
          new RegExp(`^${id}\\s+in the batch\\s+\\$0\\.\\d{4}\\s+\\d+\\.\\d%`).test(row),
        ),
        id,
      ).toBe(true);
    }
  });
});

describe('parcours graph', SPAWNS, () => {
  it('prints a Mermaid flowchart of a scenario', async () => {
    // Act
    const run = await parcours(['graph', 'abandoned-cart', 'scenarios']);

    // Assess: the labels come from abandoned-cart.yaml.
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('flowchart TD\n')).toBe(true);
    expect(run.stdout).toContain('cart-reminder');
    expect(run.stdout).toContain('"opted in to SMS"');
    expect(run.stdout).toContain('start(["on cart.updated"]) --> ');
  });

  it('shows what starts a scheduled scenario', async () => {
    const run = await parcours(['graph', 'monthly-newsletter', 'scenarios']);

    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'start(["on schedule cron(0 10 ? * MON#1 *) local time, to segment french_buyers, reachable by email"]) --> s0',
    );
  });

  it('exits 2 and suggests the closest id for a misspelt scenario', async () => {
    // Act
    const run = await parcours(['graph', 'abandond-cart', 'scenarios']);

    // Assess
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('no valid scenario "abandond-cart"');
    expect(run.stderr).toContain('did you mean "abandoned-cart"?');
  });
});

describe('parcours usage', SPAWNS, () => {
  it('prints the help of each command and exits 0', async () => {
    // Prepare
    const commands = ['validate', 'compile', 'graph', 'schema', 'dev'];

    // Act
    const runs = await Promise.all(commands.map((command) => parcours([command, '--help'])));

    // Assess
    runs.forEach((run, index) => {
      const command = commands[index] ?? '';
      expect(run.code, command).toBe(0);
      expect(run.stdout, command).toContain(`Usage: parcours ${command}`);
    });
  });

  it('exits 2 on an unknown command and exits 0 on dev --help', async () => {
    // Act: `dev` itself runs the local platform until Ctrl-C (tests/e2e/dev-server.test.ts)
    const [unknown, dev] = await Promise.all([parcours(['frobnicate']), parcours(['dev', '--help'])]);

    // Assess
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    expect(dev.code).toBe(0);
    expect(dev.stdout).toContain('--speed');
  });
});
