import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { assetDirectory } from '../../infra/bundle/asset-directory.ts';
import { startCold } from '../../infra/bundle/cold-start.ts';
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
import { buildRuntimeBundle } from '../../state-machines/build-runtime-bundle.ts';
import { logicalIdOf, resourceById, type Synthesized, synthesizeExamples } from './synth.ts';

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
      const text = readFileSync(code, 'utf8');
      expect(
        text.startsWith("import { createRequire as parcoursCreateRequire } from 'node:module';"),
        name,
      ).toBe(true);
      expect(text.trimEnd().endsWith('//# sourceMappingURL=index.mjs.map'), name).toBe(true);
      // MJML (and the TypeScript compiler behind it) stays out: templates are compiled at synth.
      expect(statSync(code).size, name).toBeLessThan(3_000_000);
      // ASCII only: one character past it and Node decodes the whole file as UTF-8 and V8 keeps it
      // as two-byte text, twice the memory (liquidjs' accent regexes did it; patches/ escapes them).
      expect(
        [...text.matchAll(/[\u0080-\uffff]/g)].map(([character]) => character),
        name,
      ).toEqual([]);
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
      [...assets].map(async ([name, dir]) => {
        const { handler } = await startCold(dir, { readsRuntimeBundle: readsRuntimeBundle(name) });
        return [name, handler];
      }),
    );

    // Assess
    expect(Object.fromEntries(started)).toEqual(
      Object.fromEntries(FUNCTION_NAMES.map((name) => [name, 'function'])),
    );
  }, 120_000);
});
