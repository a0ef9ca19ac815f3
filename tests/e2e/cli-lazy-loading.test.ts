import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, useProjectFixtures } from '../helpers/project-fixture.ts';

const BIN = join(REPO_ROOT, 'cli', 'bin', 'parcours.js');
/** A spawn runs the built CLI in a fraction of a second, its sources through tsx in a few. */
const SPAWNS = { timeout: 60_000 };
const { tempDir } = useProjectFixtures();

/** A module resolve hook that notes every module the process loads, one URL a line. */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');
  return resolved;
}
`;

/** The packages under node_modules that `parcours ...args` loads, run in the project root. */
async function packagesLoadedBy(args: readonly string[]): Promise<Set<string>> {
  const dir = await tempDir();
  const log = join(dir, 'loaded.txt');
  await writeFile(join(dir, 'hooks.mjs'), HOOKS);
  await writeFile(
    join(dir, 'register.mjs'),
    `import { register } from 'node:module';\nregister(${JSON.stringify(pathToFileURL(join(dir, 'hooks.mjs')).href)});\n`,
  );
  await writeFile(log, '');
  await new Promise<void>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, BIN, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, LOADED_LOG: log }, timeout: 50_000 },
      (error) => (error === null ? resolve() : reject(error)),
    );
  });
  const urls = (await readFile(log, 'utf8')).split('\n');
  return new Set(urls.flatMap((url) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? []));
}

describe('each command loads only what it needs', SPAWNS, () => {
  it('--help loads none of the packages the commands use, only commander', async () => {
    // Act
    const loaded = await packagesLoadedBy(['--help']);

    // Assess: commander is seen, so the hook did see the packages loaded.
    expect(loaded).toContain('commander');
    const heavy = [...loaded].filter((name) =>
      /^(@duckdb\/|@aws-sdk\/|dynalite$|liquidjs$|mjml|yaml$|zod$|aws-local-stepfunctions$)/.test(name),
    );
    expect(heavy).toEqual([]);
  });

  it('validate loads neither DuckDB, the AWS SDK nor dynalite', async () => {
    // Act
    const loaded = await packagesLoadedBy(['validate']);

    // Assess
    expect(loaded).toContain('yaml');
    const platform = [...loaded].filter((name) =>
      /^(@duckdb\/|@aws-sdk\/|dynalite$|aws-local-stepfunctions$)/.test(name),
    );
    expect(platform).toEqual([]);
  });
});
