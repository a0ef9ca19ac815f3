import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { assetDirectory } from '../../infra/bundle/asset-directory.ts';
import {
  COLD_START_ENVIRONMENT,
  invokedResult,
  invokedStartProcess,
  startCold,
} from '../../infra/bundle/cold-start.ts';
import { FUNCTION_ENTRY_FILE } from '../../infra/bundle/function-bundle.ts';
import {
  RUNTIME_BUNDLE_FILE,
  RUNTIME_BUNDLE_PATH_IN_LAMBDA,
} from '../../infra/bundle/runtime-bundle-file.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  readsRuntimeBundle,
} from '../../infra/constructs/function-catalogue.ts';
import { readRuntimeBundle } from '../../shared/config/runtime-bundle-seal.ts';
import { loadProfile } from '../../shared/profiles/store.ts';
import { buildRuntimeBundle } from '../../state-machines/build-runtime-bundle.ts';
import { startDynalite } from '../helpers/dynalite.ts';
import { TRUSTED_APP } from '../helpers/ingest-fixtures.ts';
import { logicalIdOf, resourceById, type Synthesized, synthesizeExamples } from './synth.ts';

const run = promisify(execFile);

let synth: Synthesized;
let assets: Map<FunctionName, string>;

beforeAll(async () => {
  // As `cdk synth` does it: every function bundled by the local esbuild.
  synth = await synthesizeExamples({ bundling: true });
  assets = new Map(
    FUNCTION_NAMES.map((name) => [name, assetDirectory(synth.stack.functions.get(name).function)]),
  );
}, 120_000);
afterAll(async () => {
  await synth.cleanUp();
});

describe('function bundles, produced by synth', () => {
  it('bundles every function as minified ESM with its source map, the code its resource deploys', () => {
    const Code = z.object({ Code: z.object({ S3Key: z.string() }) });
    for (const [name, dir] of assets) {
      const resource = resourceById(synth.template, logicalIdOf(synth.stack.functions.get(name).function));
      // The staged folder `asset.<hash>` is zipped and uploaded as `<hash>.zip`.
      expect(`asset.${Code.parse(resource.Properties).Code.S3Key}`, name).toBe(`${basename(dir)}.zip`);
      const code = join(dir, 'index.mjs');
      expect(existsSync(code), name).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
      // The entry and every chunk it may load.
      const files = codeFiles(dir);
      expect(files, name).toContain(FUNCTION_ENTRY_FILE);
      for (const file of files) {
        const text = readFileSync(join(dir, file), 'utf8');
        expect(
          text.startsWith("import { createRequire as parcoursCreateRequire } from 'node:module';"),
          `${name}: ${file}`,
        ).toBe(true);
        expect(existsSync(join(dir, `${file}.map`)), `${name}: ${file}`).toBe(true);
        expect(
          text.trimEnd().endsWith(`//# sourceMappingURL=${basename(file)}.map`),
          `${name}: ${file}`,
        ).toBe(true);
        // ASCII only: one character past it and Node decodes the whole file as UTF-8 and V8 keeps
        // it as two-byte text, twice the memory (liquidjs' accent regexes did it; patches/ escapes them).
        expect(
          [...text.matchAll(/[\u0080-\uffff]/g)].map(([character]) => character),
          `${name}: ${file}`,
        ).toEqual([]);
      }
      // MJML (and the TypeScript compiler behind it) stays out: templates are compiled at synth.
      const size = files.reduce((sum, file) => sum + statSync(join(dir, file)).size, 0);
      expect(size, name).toBeLessThan(3_000_000);
    }
  });

  it("ships the project's runtime bundle beside the code of every function that reads it", async () => {
    // Prepare
    const { project, scenarios } = synth.deployment;
    const expected = JSON.parse(JSON.stringify(await buildRuntimeBundle(project, scenarios)));

    for (const [name, dir] of assets) {
      // Act
      const file = join(dir, RUNTIME_BUNDLE_FILE);
      const environment = z
        .object({ Environment: z.object({ Variables: z.record(z.string(), z.unknown()) }) })
        .parse(resourceById(synth.template, logicalIdOf(synth.stack.functions.get(name).function)).Properties)
        .Environment.Variables;

      // Assess
      if (readsRuntimeBundle(name)) {
        // Sealed at synth: the cold start checks the seal instead of validating it again.
        expect(readRuntimeBundle(file), name).toEqual(expected);
        expect(environment.PARCOURS_BUNDLE, name).toBe(RUNTIME_BUNDLE_PATH_IN_LAMBDA);
      } else {
        expect(existsSync(file), name).toBe(false);
        expect(environment.PARCOURS_BUNDLE, name).toBeUndefined();
      }
    }
  });

  it('starts every bundle cold: its configuration parses and it exports a handler', async () => {
    // Act: import each bundle in its own Node process, from its asset folder, as Lambda would.
    const started = await Promise.all(
      [...assets].map(async ([name, dir]) => ({
        name,
        ...(await startCold(dir, { readsRuntimeBundle: readsRuntimeBundle(name) })),
      })),
    );

    // Assess
    expect(Object.fromEntries(started.map(({ name, handler }) => [name, handler]))).toEqual(
      Object.fromEntries(FUNCTION_NAMES.map((name) => [name, 'function'])),
    );
    // Node's web streams are eight modules compiled at cold start. middy imported them for the
    // streamed responses no function gives (patches/ makes it use the global, loaded on first
    // use); audience's S3 commands still load them, through the SDK's checksum stream.
    const loadingWebStreams = started
      .filter(({ builtinsLoaded }) => builtinsLoaded.some((module) => module.includes('webstreams')))
      .map(({ name }) => name);
    expect(loadingWebStreams).toEqual(['audience']);
  }, 120_000);

  it.each([
    // ingest, send and deliver read a phone number only for an event or an SMS that has one.
    {
      code: 'libphonenumber',
      source: 'node_modules/libphonenumber-js/',
      carriedBy: ['ingest', 'send', 'deliver'],
      loadedBy: [],
    },
    // send and deliver render a message at every call; emit, update-profile and webhook only
    // for a payload that holds Liquid.
    {
      code: 'liquidjs',
      source: 'node_modules/liquidjs/',
      carriedBy: ['send', 'update-profile', 'emit', 'webhook', 'deliver'],
      loadedBy: ['send', 'deliver'],
    },
    // send and deliver make their SMS and push clients on the first message of each kind.
    {
      code: 'the Pinpoint clients',
      source: 'node_modules/@aws-sdk/client-pinpoint',
      carriedBy: ['send', 'deliver'],
      loadedBy: [],
    },
    // The functions that take events match them at every call; a step function only for a
    // journey that has no record left (shared/journeys/goal.ts).
    {
      code: 'the event pattern matcher',
      source: 'shared/events/pattern-match.ts',
      carriedBy: [...FUNCTION_NAMES].filter((name) => !['unsubscribe', 'audience'].includes(name)),
      loadedBy: ['ingest', 'delivery-events', 'deliver', 'sweep'],
    },
  ])(
    'leaves $code to a chunk of its own where a cold start need not read it',
    ({ source, carriedBy, loadedBy }) => {
      // The sources each file was made from, as its source map names them.
      const SourceMap = z.object({ sources: z.array(z.string()) });
      const carries = (file: string) =>
        SourceMap.parse(JSON.parse(readFileSync(`${file}.map`, 'utf8'))).sources.some((name) =>
          name.includes(source),
        );
      const statically: string[] = [];
      const anywhere: string[] = [];
      for (const [name, dir] of assets) {
        // What a cold start loads: the entry and the chunks it imports statically, transitively.
        const loaded = staticallyLoaded(dir);
        expect(loaded.size, name).toBeGreaterThan(1);
        if ([...loaded].some((file) => carries(join(dir, file)))) statically.push(name);
        if (codeFiles(dir).some((file) => carries(join(dir, file)))) anywhere.push(name);
      }
      expect(statically).toEqual(loadedBy);
      expect(anywhere).toEqual(carriedBy);
    },
  );

  it('ingest, started from its bundle, reads a phone number through that chunk', async () => {
    // Prepare: ingest's asset started as Lambda would, on a local DynamoDB
    const dynamo = await startDynalite(COLD_START_ENVIRONMENT.TABLE_NAME);
    const ingestDir = assets.get('ingest') ?? '';
    const { node, args, cwd, env } = invokedStartProcess(ingestDir, {
      readsRuntimeBundle: true,
      dynamoEndpoint: dynamo.endpoint,
      event: {
        id: 'evt-bundle-phone',
        source: TRUSTED_APP,
        'detail-type': 'profile.updated',
        time: new Date().toISOString(),
        detail: { profileId: 'bundle-phone', phone: '+33 6 12 34 56 78' },
      },
    });
    try {
      // Act
      const { stdout } = await run(node, [...args], { cwd, env, timeout: 50_000 });

      // Assess: stored as E.164, which only libphonenumber reads it as
      expect(invokedResult(stdout)).toMatchObject({ accepted: 1, rejected: [] });
      expect((await loadProfile(dynamo.store, 'bundle-phone'))?.phone).toBe('+33612345678');
    } finally {
      await dynamo.stop();
    }
  }, 60_000);
});

/** The code files of an asset, by their path in it: the entry and every chunk. */
function codeFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.mjs'))
    .sort();
}

/**
 * The files an asset's entry imports statically (`import … from "./x.mjs"`, `import "./x.mjs"`),
 * and theirs: what Node loads before the handler is ready. `import("./x.mjs")` is left out.
 */
function staticallyLoaded(dir: string): Set<string> {
  const loaded = new Set<string>();
  const visit = (file: string) => {
    if (loaded.has(file)) return;
    loaded.add(file);
    const text = readFileSync(join(dir, file), 'utf8');
    for (const [, specifier] of text.matchAll(/(?:\bfrom|\bimport)\s*"(\.\.?\/[^"]+\.mjs)"/g))
      if (specifier !== undefined) visit(relative(dir, join(dir, dirname(file), specifier)));
  };
  visit(FUNCTION_ENTRY_FILE);
  return loaded;
}
