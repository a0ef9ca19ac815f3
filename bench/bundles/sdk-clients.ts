import { join } from 'node:path';
import { build } from 'esbuild';
import type { FunctionName } from '../../infra/constructs/function-catalogue.ts';

/** An AWS SDK package a function bundles, and the client class it exports. */
export type SdkClient = { readonly packageName: string; readonly className: string };

const SDK_PACKAGE = /node_modules\/(@aws-sdk\/(?:client|lib)-[a-z0-9-]+)\//;

/**
 * The AWS SDK clients each function's bundle contains, read from esbuild's own account of what
 * it bundled (one metafile build of every entry) rather than from a list that could go stale.
 */
export async function sdkClientsOf(
  projectRoot: string,
  names: readonly FunctionName[],
): Promise<Map<FunctionName, SdkClient[]>> {
  const result = await build({
    entryPoints: Object.fromEntries(
      names.map((name) => [name, join(projectRoot, 'functions', name, 'lambda.ts')]),
    ),
    bundle: true,
    platform: 'node',
    format: 'esm',
    outdir: 'out',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const clients = new Map<FunctionName, SdkClient[]>();
  for (const name of names) {
    const output = result.metafile.outputs[`out/${name}.js`];
    if (output === undefined) throw new Error(`esbuild produced no output for ${name}`);
    const packages = new Set(
      Object.keys(output.inputs).flatMap((input) => SDK_PACKAGE.exec(input)?.slice(1, 2) ?? []),
    );
    clients.set(name, await Promise.all([...packages].sort().map(clientOf)));
  }
  return clients;
}

/** The one `…Client` class a package exports (its `__Client` base aside). */
async function clientOf(packageName: string): Promise<SdkClient> {
  const exported: Record<string, unknown> = await import(packageName);
  const classes = Object.entries(exported).filter(
    ([key, value]) =>
      key.endsWith('Client') &&
      !key.startsWith('__') &&
      typeof value === 'function' &&
      typeof Reflect.get(value.prototype ?? {}, 'send') === 'function',
  );
  const [only, ...others] = classes;
  if (only === undefined || others.length > 0)
    throw new Error(
      `expected one client class in ${packageName}, found ${classes.map(([key]) => key).join(', ') || 'none'}`,
    );
  return { packageName, className: only[0] };
}
