import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { CONSOLE_PATH } from './console-path.ts';

const ASSETS = `${CONSOLE_PATH}/assets`;

/** Where pages load their scripts and styles from. */
export const ASSET_PATHS = {
  css: `${ASSETS}/console.css`,
  client: `${ASSETS}/console.js`,
  mermaid: `${ASSETS}/mermaid.min.js`,
  uplot: `${ASSETS}/uPlot.iife.min.js`,
  uplotCss: `${ASSETS}/uPlot.min.css`,
} as const;

export type Asset = { readonly type: string; readonly body: string | Buffer };

const require = createRequire(import.meta.url);
const packaged: Readonly<Record<string, { readonly file: () => string; readonly type: string }>> = {
  [ASSET_PATHS.mermaid]: {
    file: () => require.resolve('mermaid/dist/mermaid.min.js'),
    type: 'text/javascript',
  },
  [ASSET_PATHS.uplot]: {
    file: () => require.resolve('uplot/dist/uPlot.iife.min.js'),
    type: 'text/javascript',
  },
  [ASSET_PATHS.uplotCss]: { file: () => require.resolve('uplot/dist/uPlot.min.css'), type: 'text/css' },
  [ASSET_PATHS.css]: {
    file: () => fileURLToPath(new URL('./client/console.css', import.meta.url)),
    type: 'text/css',
  },
};

const cache = new Map<string, Promise<Asset>>();

/** The asset at a path, read (or built) once per process; undefined for a path that is none. */
export function assetAt(path: string): Promise<Asset> | undefined {
  const known = path === ASSET_PATHS.client || packaged[path] !== undefined;
  if (!known) return undefined;
  const cached = cache.get(path);
  if (cached !== undefined) return cached;
  const loading = load(path);
  cache.set(path, loading);
  loading.catch(() => cache.delete(path));
  return loading;
}

async function load(path: string): Promise<Asset> {
  if (path === ASSET_PATHS.client) return { type: 'text/javascript', body: await buildClient() };
  const asset = packaged[path];
  if (asset === undefined) throw new Error(`no asset at ${path}`);
  return { type: asset.type, body: await readFile(asset.file()) };
}

/**
 * The browser's script is TypeScript like the rest, built on first request with esbuild (the tool
 * that builds the CLI and the functions), in memory: the console then runs the same from the
 * sources and from the built CLI, with no build output to keep in step.
 */
async function buildClient(): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [fileURLToPath(new URL('./client/console-client.ts', import.meta.url))],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  const output = result.outputFiles[0];
  if (output === undefined) throw new Error('esbuild wrote no console script');
  return output.text;
}
