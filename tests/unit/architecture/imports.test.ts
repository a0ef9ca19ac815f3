import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Every TypeScript file under a folder of the repository. */
async function sourcesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, folder), { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** The repository paths a file imports by relative path (packages are not the layering's concern). */
async function relativeImports(file: string): Promise<string[]> {
  const source = await readFile(join(ROOT, file), 'utf8');
  const specifiers = [...source.matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)].map(
    (match) => match[1] ?? '',
  );
  return specifiers.map((specifier) => relative(ROOT, resolve(dirname(join(ROOT, file)), specifier)));
}

describe('the layers', () => {
  it('keep the language on the ground floor: nothing under language/ imports outside it', async () => {
    // Prepare
    const files = await sourcesUnder('language');

    // Act
    const outside: string[] = [];
    for (const file of files)
      for (const target of await relativeImports(file))
        if (!target.startsWith('language/')) outside.push(`${file} -> ${target}`);

    // Assess
    expect(files.length).toBeGreaterThan(10);
    expect(outside).toEqual([]);
  });

  it('keep the build side and the runtime apart: the compiler and validation import no runtime code', async () => {
    // Prepare
    const files = await sourcesUnder('state-machines');

    // Act
    const runtime = await importsInto(files, ['shared/', 'functions/', 'local/', 'infra/', 'cli/']);

    // Assess
    expect(files.length).toBeGreaterThan(20);
    expect(runtime).toEqual([]);
  });

  it('keep the runtime free of the compiler: the functions and their core import nothing of state-machines/', async () => {
    // Prepare
    const files = [...(await sourcesUnder('shared')), ...(await sourcesUnder('functions'))];

    // Act
    const compiler = await importsInto(files, ['state-machines/', 'local/', 'cli/', 'infra/']);

    // Assess
    expect(files.length).toBeGreaterThan(50);
    expect(compiler).toEqual([]);
  });
});

describe('the function bundles', () => {
  it('import zod as a namespace, which lets esbuild leave out its locales and JSON Schema', async () => {
    // Prepare: `import { z } from 'zod'` uses z as a value, and esbuild then keeps all of zod
    const files = (
      await Promise.all(['language', 'shared', 'functions'].map((folder) => sourcesUnder(folder)))
    ).flat();

    // Act
    const named: string[] = [];
    for (const file of files) {
      const source = await readFile(join(ROOT, file), 'utf8');
      if (/import\s*\{[^}]*\bz\b[^}]*\}\s*from\s*'zod'/.test(source)) named.push(file);
    }

    // Assess
    expect(files.length).toBeGreaterThan(100);
    expect(named).toEqual([]);
  });
});

/**
 * Every function: a folder under functions/ with a lambda.ts. Their schemas are all zod/mini:
 * classic zod gives each schema its methods as it is built, which was most of what a small
 * function's cold start cost over a bare handler.
 */
const FUNCTIONS = (await readdir(join(ROOT, 'functions'), { withFileTypes: true }))
  .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, 'functions', entry.name, 'lambda.ts')))
  .map((entry) => entry.name);

describe('the functions on zod/mini', () => {
  it('are all found', () => {
    expect(FUNCTIONS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FUNCTIONS)(
    '%s: its bundle carries zod/mini, no classic zod, and only the libraries it uses',
    async (name) => {
      // Prepare: bundled as for Lambda (split at import(), see function-bundle.ts), the AWS SDK aside
      const entry = join(ROOT, 'functions', name, 'lambda.ts');

      // Act
      const { metafile, outputFiles } = await build({
        entryPoints: [entry],
        bundle: true,
        splitting: true,
        outdir: 'out',
        platform: 'node',
        format: 'esm',
        write: false,
        metafile: true,
        logLevel: 'silent',
        external: ['@aws-sdk/*', '@smithy/*'],
      });
      const inputs = Object.keys(metafile.inputs);

      // Assess
      expect(inputs.filter((input) => input.includes('node_modules/zod/v4/mini/'))).not.toEqual([]);
      expect(inputs.filter((input) => input.includes('node_modules/zod/v4/classic/'))).toEqual([]);
      // Nor zod's other languages or its JSON Schema conversions, which a value reached through the
      // namespace (`z.core.$ZodError`) keeps whole: what the bundle carries, not what esbuild read.
      const carried = Object.values(metafile.outputs).flatMap((output) =>
        Object.entries(output.inputs).flatMap(([input, { bytesInOutput }]) =>
          bytesInOutput > 0 ? [input] : [],
        ),
      );
      expect(
        carried.filter(
          (input) =>
            (input.includes('node_modules/zod/v4/locales/') && !input.endsWith('/en.js')) ||
            input.includes('node_modules/zod/v4/core/to-json-schema'),
        ),
      ).toEqual([]);
      // zod's catch reaches its helpers through their namespace, which keeps all of them (about
      // 8 KB): rejected-store.ts reads its fields without it.
      expect(
        outputFiles.filter(({ text }) => text.includes('constantCatch')).map(({ path }) => path),
      ).toEqual([]);
      // The two largest libraries of a cold start, and Powertools' metrics, only where the function
      // uses them.
      const carries = (name: string) => carried.some((input) => input.includes(`node_modules/${name}/`));
      expect({
        libphonenumber: carries('libphonenumber-js'),
        liquidjs: carries('liquidjs'),
        metrics: carries('@aws-lambda-powertools/metrics'),
      }).toEqual({
        libphonenumber: CHECKS_PHONE_NUMBERS.has(name),
        liquidjs: RENDERS_LIQUID.has(name),
        metrics: COUNTS_IN_CLOUDWATCH.has(name),
      });
    },
  );
});

/** Ingest checks the numbers apps send; send and deliver read them to send SMS. */
const CHECKS_PHONE_NUMBERS: ReadonlySet<string> = new Set(['ingest', 'send', 'deliver']);
/** Messages (send, deliver) and the payloads of update-profile, emit and webhook are Liquid. */
const RENDERS_LIQUID: ReadonlySet<string> = new Set(['send', 'deliver', 'update-profile', 'emit', 'webhook']);
/**
 * The functions that publish CloudWatch metrics: events taken in, journeys started and conversions
 * (ingest, deliver for broadcasts, sweep for segment transitions), suppressions, opt-outs, and
 * sends (send, and deliver for broadcasts).
 */
const COUNTS_IN_CLOUDWATCH: ReadonlySet<string> = new Set([
  'ingest',
  'delivery-events',
  'unsubscribe',
  'send',
  'deliver',
  'sweep',
]);

/** Each import of `files` whose target lies under one of `folders`, as `file -> target`. */
async function importsInto(files: readonly string[], folders: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const file of files)
    for (const target of await relativeImports(file))
      if (folders.some((folder) => target.startsWith(folder))) found.push(`${file} -> ${target}`);
  return found;
}
