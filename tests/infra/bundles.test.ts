import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  RUNTIME_BUNDLE_FILE,
  RUNTIME_BUNDLE_PATH_IN_LAMBDA,
} from '../../infra/bundle/runtime-bundle-file.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  readsRuntimeBundle,
} from '../../infra/constructs/function-catalogue.ts';
import { buildRuntimeBundle } from '../../shared/config/build-runtime-bundle.ts';
import { logicalIdOf, resourceById, type Synthesized, synthesizeExamples } from './synth.ts';

const run = promisify(execFile);

/** The variables each lambda.ts validates at cold start, with values that need no AWS call. */
const COLD_START_ENV = {
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'parcours-test',
  UNSUBSCRIBE_SECRET: 'a-local-secret-of-at-least-thirty-two-characters',
  WEBHOOK_SECRET: 'a-local-secret-of-at-least-thirty-two-characters',
  UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.example/',
  EVENT_BUS_NAME: 'default',
  STATE_MACHINES: '{}',
  NODE_NO_WARNINGS: '1',
};

let synth: Synthesized;
let assets: Map<FunctionName, string>;

beforeAll(async () => {
  // As `cdk synth` does it: every function bundled by the local esbuild.
  synth = await synthesizeExamples({ bundling: true });
  // A function's code is the zip of the staged asset folder `asset.<hash>` in the cloud assembly.
  const Code = z.object({ Code: z.object({ S3Key: z.string().regex(/^[0-9a-f]{64}\.zip$/) }) });
  assets = new Map(
    FUNCTION_NAMES.map((name) => {
      const resource = resourceById(synth.template, logicalIdOf(synth.stack.functions.get(name).function));
      const hash = Code.parse(resource.Properties).Code.S3Key.replace(/\.zip$/, '');
      return [name, join(synth.outdir, `asset.${hash}`)];
    }),
  );
}, 120_000);
afterAll(async () => {
  await synth.cleanUp();
});

describe('function bundles, produced by synth', () => {
  it('bundles every function as minified ESM with its source map', () => {
    for (const [name, dir] of assets) {
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
        expect(JSON.parse(readFileSync(file, 'utf8')), name).toEqual(expected);
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
        const { stdout } = await run(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            "const m = await import('./index.mjs'); console.log(typeof m.handler);",
          ],
          {
            cwd: dir,
            env: {
              ...COLD_START_ENV,
              PATH: process.env.PATH,
              ...(readsRuntimeBundle(name) ? { PARCOURS_BUNDLE: join(dir, RUNTIME_BUNDLE_FILE) } : {}),
            },
            timeout: 60_000,
          },
        );
        return [name, stdout.trim()];
      }),
    );

    // Assess
    expect(Object.fromEntries(started)).toEqual(
      Object.fromEntries(FUNCTION_NAMES.map((name) => [name, 'function'])),
    );
  }, 120_000);
});
