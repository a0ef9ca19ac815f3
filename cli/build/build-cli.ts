import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { splitEsmBundle } from '../../local/bundle/split-esm-bundle.ts';
import { BUILD_INPUTS_FILE, type BuildInputs } from './build-inputs.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Where the built CLI goes (git-ignored); `.mjs`, so the linter, which checks `.js`, leaves it alone. */
export const DIST_DIR = join(REPO_ROOT, 'cli', 'dist');

/**
 * Builds the CLI ahead of time, so a call does not compile TypeScript first: one ESM entry with
 * the commands' registrations, and a chunk per command loaded when that command runs. Packages
 * stay in node_modules, resolved at run time as with the sources.
 *
 * Alongside, the list of source files it was built from and when: `cli/bin/parcours.js` runs the
 * build only while none of them has changed since, and the sources otherwise.
 */
export async function buildCli(): Promise<BuildInputs> {
  const builtAt = Date.now();
  // First, so a half-written build is never taken for a whole one.
  await rm(DIST_DIR, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { main: 'cli/main.ts' },
    ...splitEsmBundle(DIST_DIR),
    packages: 'external',
    sourcemap: 'linked',
    sourcesContent: false,
    metafile: true,
  });
  const inputs: BuildInputs = { builtAt, inputs: Object.keys(result.metafile.inputs).sort() };
  await mkdir(DIST_DIR, { recursive: true });
  await writeFile(join(DIST_DIR, BUILD_INPUTS_FILE), `${JSON.stringify(inputs)}\n`);
  return inputs;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { inputs } = await buildCli();
  process.stdout.write(
    `built the CLI into ${relative(process.cwd(), DIST_DIR)}/ from ${inputs.length} files\n`,
  );
}
