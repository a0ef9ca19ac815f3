import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagesLoadedBy } from '../helpers/loaded-packages.ts';
import { REPO_ROOT, useProjectFixtures } from '../helpers/project-fixture.ts';

const BIN = join(REPO_ROOT, 'cli', 'bin', 'parcours.js');
/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 60_000 };
const { tempDir } = useProjectFixtures();

/** The packages that `parcours ...args` loads, run in the project root. */
async function packagesLoadedByCli(args: readonly string[]): Promise<Set<string>> {
  return packagesLoadedBy(await tempDir(), [BIN, ...args]);
}

describe('each command loads only what it needs', SPAWNS, () => {
  it('--help loads none of the packages the commands use, only commander', async () => {
    // Act
    const loaded = await packagesLoadedByCli(['--help']);

    // Assess: commander is seen, so the hook did see the packages loaded.
    expect(loaded).toContain('commander');
    const heavy = [...loaded].filter((name) =>
      /^(@duckdb\/|@aws-sdk\/|dynalite$|liquidjs$|mjml|yaml$|zod$|aws-local-stepfunctions$)/.test(name),
    );
    expect(heavy).toEqual([]);
  });

  it('validate loads neither DuckDB, the AWS SDK nor dynalite', async () => {
    // Act
    const loaded = await packagesLoadedByCli(['validate']);

    // Assess
    expect(loaded).toContain('yaml');
    const platform = [...loaded].filter((name) =>
      /^(@duckdb\/|@aws-sdk\/|dynalite$|aws-local-stepfunctions$)/.test(name),
    );
    expect(platform).toEqual([]);
  });
});
