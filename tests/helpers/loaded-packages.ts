import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from './project-fixture.ts';

/** A module resolve hook that notes every module the process imports, one URL a line. */
const HOOKS = `import { appendFileSync } from 'node:fs';
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(process.env.LOADED_LOG, resolved.url + '\\n');
  return resolved;
}
`;

/**
 * The packages a fresh Node loads running `args` in the project root: those it imports, seen by a
 * resolve hook, and any path the program appends itself to the file named by LOADED_LOG (require's
 * cache, for what it requires). Named by the innermost node_modules, since some packages keep
 * copies of others of their own. `dir` holds the hook and the log.
 */
export async function packagesLoadedBy(dir: string, args: readonly string[]): Promise<Set<string>> {
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
      ['--import', pathToFileURL(join(dir, 'register.mjs')).href, ...args],
      { cwd: REPO_ROOT, env: { ...process.env, LOADED_LOG: log }, timeout: 50_000 },
      (error) => (error === null ? resolve() : reject(error)),
    );
  });
  const paths = (await readFile(log, 'utf8')).split('\n');
  return new Set(paths.flatMap((path) => /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path)?.[1] ?? []));
}
