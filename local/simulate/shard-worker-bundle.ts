import { createHash } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type OutputFile } from 'esbuild';
import { splitEsmBundle } from '../bundle/split-esm-bundle.ts';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/**
 * Inside node_modules, so that the packages the bundle leaves external resolve from it as from the
 * sources; `.cache` is where tools keep what they can rebuild.
 */
const CACHE_DIR = join(REPO_ROOT, 'node_modules', '.cache', 'parcours');

/** Where a bundle is built to: any folder at the depth of the bundles' own (see splitEsmBundle). */
const BUILD_DIR = join(CACHE_DIR, 'shard-worker');
/** The entry's name in a bundle's folder; the modules it loads only when needed are chunks beside it. */
const ENTRY = 'shard-worker.mjs';

/**
 * The shard worker as JavaScript modules, bundled from the current sources. A worker thread that
 * loads the TypeScript sources through tsx compiles and resolves a thousand modules through tsx's
 * loader thread before its first event, about 5 s a worker on two cores; esbuild bundles the lot
 * in well under a second, and the worker then starts as fast as plain JavaScript. Split, so what a
 * worker imports only when needed (dynalite and the AWS SDK, for the dynalite store) is a chunk it
 * never loads on the memory store. The packages a shard runs on are bundled in too (zod, Liquid,
 * the engine, Powertools): loaded from node_modules, file by file, they took a worker 200 ms of
 * its 330 to resolve, read and compile before its first event; bundled, they take esbuild about
 * 130 ms more, once for all workers, while the project builds.
 * Bundled at every simulation that uses workers, so it can never be stale; in a folder named by
 * its content, so runs at the same time share one and never see a half-written one.
 */
export async function shardWorkerBundle(): Promise<URL> {
  const result = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: { 'shard-worker': join(REPO_ROOT, 'local', 'simulate', 'shard-worker.ts') },
    ...splitEsmBundle(BUILD_DIR),
    // What only the dynalite store loads stays in node_modules, where its chunk finds it.
    external: ['dynalite', '@aws-sdk/*', '@smithy/*'],
    // A package's ES module build where it has one, as the functions' bundles take it (Liquid's
    // CommonJS build would require Node's modules, which an ES module bundle cannot).
    mainFields: ['module', 'main'],
    write: false,
  });
  const hash = createHash('sha256');
  for (const output of result.outputFiles)
    hash.update(relative(BUILD_DIR, output.path)).update(output.contents);
  const folder = join(CACHE_DIR, `shard-worker-${hash.digest('hex').slice(0, 16)}`);
  const entry = join(folder, ENTRY);
  if (await exists(entry)) {
    // Its time says it is in use, so no other run removes it as stale before this one's workers load it.
    const now = new Date();
    await utimes(folder, now, now);
  } else await writeFolder(folder, result.outputFiles);
  await removeStale(folder);
  return pathToFileURL(entry);
}

/**
 * Written aside then renamed: a rename is atomic, so a worker never loads half a bundle. Another
 * run may have renamed the same content into place meanwhile; its folder is as good as this one.
 */
async function writeFolder(folder: string, files: readonly OutputFile[]): Promise<void> {
  const partial = `${folder}.${process.pid}.partial`;
  await rm(partial, { recursive: true, force: true });
  for (const file of files) {
    const path = join(partial, relative(BUILD_DIR, file.path));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.contents);
  }
  await rename(partial, folder).catch(async (error: unknown) => {
    await rm(partial, { recursive: true, force: true });
    if (!(await exists(join(folder, ENTRY)))) throw error;
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
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
    if (Date.now() - mtimeMs > STALE_AFTER_MS) await rm(path, { recursive: true, force: true });
  }
}
