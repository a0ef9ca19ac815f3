import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Everything esbuild reads to bundle a function: the source folders its imports can reach, the
 * lock file (which pins node_modules and esbuild itself), tsconfig, and the infra files that set
 * the bundling options. Deliberately coarse: any change anywhere re-bundles every function.
 */
const BUNDLE_INPUTS = [
  'functions',
  'language',
  'shared',
  'state-machines',
  'infra/bundle',
  // The fixes applied to node_modules at install (liquidjs' escaped accents among them).
  'patches',
  'package-lock.json',
  'tsconfig.json',
] as const;

/**
 * A hash of every bundle input. Given to each function's code asset as its hash, it lets a synth whose
 * cdk.out already holds the bundle for this hash skip esbuild entirely (AssetStaging reuses an
 * existing asset directory), so only the first synth after a change pays for bundling.
 */
export function sourceFingerprint(projectRoot: string): string {
  const hash = createHash('sha256');
  for (const input of BUNDLE_INPUTS) {
    for (const file of filesUnder(join(projectRoot, input))) {
      hash.update(relative(projectRoot, file));
      hash.update('\0');
      hash.update(readFileSync(file));
      hash.update('\0');
    }
  }
  return hash.digest('hex');
}

/** The asset hash of one function: the shared sources, its name and the runtime bundle it ships. */
export function functionAssetHash(
  fingerprint: string,
  name: string,
  runtimeBundle: string | undefined,
): string {
  const hash = createHash('sha256').update(fingerprint).update('\0').update(name).update('\0');
  if (runtimeBundle !== undefined) hash.update(readFileSync(runtimeBundle));
  return hash.digest('hex');
}

function filesUnder(path: string): string[] {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (stats === undefined) return [];
  if (stats.isFile()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => (name === 'node_modules' ? [] : filesUnder(join(path, name))));
}
