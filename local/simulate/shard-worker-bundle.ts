import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { keepSourceLocation } from '../bundle/keep-source-location.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Inside node_modules, so that the packages the bundle leaves external resolve from it as from the
 * sources; `.cache` is where tools keep what they can rebuild.
 */
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'parcours');

/**
 * The shard worker as one JavaScript module, bundled from the current sources. A worker thread
 * that loads the TypeScript sources through tsx compiles and resolves a thousand modules through
 * tsx's loader thread before its first event, about 5 s a worker on two cores; esbuild bundles the
 * lot in well under a second, and the worker then starts as fast as plain JavaScript. Bundled at
 * every simulation that uses workers, so it can never be stale; named by its content, so runs at
 * the same time share one file and never see a half-written one.
 */
export async function shardWorkerBundle(): Promise<URL> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [join(REPO_ROOT, 'local', 'simulate', 'shard-worker.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: CACHE_DIR,
    logLevel: 'warning',
    plugins: [keepSourceLocation(CACHE_DIR)],
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error('esbuild gave no bundle for the simulation worker');
  const digest = createHash('sha256').update(output.contents).digest('hex').slice(0, 16);
  const file = join(CACHE_DIR, `shard-worker-${digest}.mjs`);
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside then renamed: a rename is atomic, so a worker never loads half a file.
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, output.contents);
  await rename(partial, file);
  await removeStale(file);
  return pathToFileURL(file);
}

/** An hour: longer than any simulation takes to start its workers from an older bundle. */
const STALE_AFTER_MS = 3_600_000;

/** Bundles of earlier sources, left by runs long over, so the cache does not grow with every edit. */
async function removeStale(current: string): Promise<void> {
  const names = await readdir(CACHE_DIR).catch(() => []);
  for (const name of names) {
    const path = join(CACHE_DIR, name);
    if (path === current || !name.startsWith('shard-worker-')) continue;
    const { mtimeMs } = await stat(path).catch(() => ({ mtimeMs: Number.POSITIVE_INFINITY }));
    // The file's own time, not the clock of the simulation: this is housekeeping of real files.
    if (Date.now() - mtimeMs > STALE_AFTER_MS) await rm(path, { force: true });
  }
}
