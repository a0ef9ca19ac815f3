import type { BuildOptions } from 'esbuild';
import { keepSourceLocation } from './keep-source-location.ts';

/**
 * The esbuild options of the project's own bundles (the CLI, the simulation's worker): ESM for
 * Node 20 and up, split, so a module imported with `import()` is a chunk loaded only when that
 * import runs. Every output file lands in `outDir` itself (chunks beside the entry), as
 * keepSourceLocation requires. Which packages stay in node_modules is each bundle's to say.
 */
export function splitEsmBundle(outDir: string): BuildOptions {
  return {
    outdir: outDir,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    plugins: [keepSourceLocation(outDir)],
  };
}
