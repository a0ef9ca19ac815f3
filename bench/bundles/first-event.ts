import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { COLD_START_ENVIRONMENT, invokedResult, invokedStartProcess } from '../../infra/bundle/cold-start.ts';
import { functionBuildOptions } from '../../infra/bundle/function-bundle.ts';
import { RUNTIME_BUNDLE_FILE } from '../../infra/bundle/runtime-bundle-file.ts';
import { startDynaliteServer } from '../../local/platform/local-dynamo.ts';
import { createTable } from '../../shared/store/dynamodb/table.ts';
import { fixed, int } from '../format.ts';
import { median, progress } from '../measure.ts';
import { countedRun } from './instruction-count.ts';

/** The two events of the comparison: the phone is what makes ingest load libphonenumber. */
const EVENTS = {
  'an event without a phone': { email: 'first-event@example.com' },
  'an event with a phone': { phone: '+33 6 12 34 56 78' },
} as const;

/**
 * What splitting a function's bundle at `import()` saves where Lambda charges it: a cold start
 * together with its first event, not the import alone (the import no longer carries what the
 * first call loads, such as the AWS SDK's credential provider, so it alone would flatter the
 * split). Ingest's asset as synth makes it, against the same entry bundled into one file with the
 * same options otherwise, each in a fresh Node process that imports it and ingests one event on a
 * local DynamoDB, counted by valgrind `runs` times, medians, Node's own start included on both sides.
 */
export async function firstEventSection(
  ingestDir: string,
  projectRoot: string,
  node: string,
  runs: number,
): Promise<string> {
  const singleDir = await mkdtemp(join(os.tmpdir(), 'parcours-bench-one-file-'));
  const dynamo = await startDynaliteServer();
  try {
    const {
      splitting: _,
      chunkNames: __,
      ...oneFile
    } = functionBuildOptions(join(projectRoot, 'functions', 'ingest', 'lambda.ts'), singleDir, projectRoot);
    buildSync(oneFile);
    await copyFile(join(ingestDir, RUNTIME_BUNDLE_FILE), join(singleDir, RUNTIME_BUNDLE_FILE));
    const table = COLD_START_ENVIRONMENT.TABLE_NAME;
    if (table === undefined) throw new Error('the cold-start environment names no TABLE_NAME');
    await createTable(dynamo.client, table);
    const lines: string[] = [];
    let sequence = 0;
    for (const [label, contact] of Object.entries(EVENTS)) {
      const counts = { split: [] as number[], oneFile: [] as number[] };
      for (let round = 0; round < runs; round += 1) {
        for (const [variant, dir] of [
          ['split', ingestDir],
          ['oneFile', singleDir],
        ] as const) {
          sequence += 1;
          progress(
            `bundles: ingest's cold start and first event (${label}), ${variant}, run ${round + 1} of ${runs}`,
          );
          counts[variant].push(await countFirstEvent(dir, node, dynamo.endpoint, contact, sequence));
        }
      }
      const split = median(counts.split, `split, ${label}`);
      const single = median(counts.oneFile, `one file, ${label}`);
      lines.push(
        `  ${label}: ${int(split / 1e6)} M split, ${int(single / 1e6)} M in one file: ${fixed(split / single, 3)}×`,
      );
    }
    return [
      `ingest's cold start and first event, split at import() as deployed against one file (valgrind, ` +
        `median of ${runs}, Node's own start included):`,
      ...lines,
    ].join('\n');
  } finally {
    await dynamo.stop();
    await rm(singleDir, { recursive: true, force: true });
  }
}

async function countFirstEvent(
  dir: string,
  node: string,
  dynamoEndpoint: string,
  contact: Readonly<Record<string, string>>,
  sequence: number,
): Promise<number> {
  const start = invokedStartProcess(dir, {
    readsRuntimeBundle: true,
    node,
    dynamoEndpoint,
    event: {
      id: `first-event-${sequence}`,
      source: 'app',
      'detail-type': 'profile.updated',
      time: new Date().toISOString(),
      detail: { profileId: `first-event-${sequence}`, ...contact },
    },
  });
  const { stdout, instructions } = await countedRun(start);
  // An event refused or failed would be a start that measured something else.
  const accepted = Reflect.get(Object(invokedResult(stdout)), 'accepted');
  if (accepted !== 1)
    throw new Error(`ingest in ${dir} did not accept its first event: ${stdout.slice(-500)}`);
  return instructions;
}
