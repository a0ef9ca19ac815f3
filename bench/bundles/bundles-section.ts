import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { assetDirectory } from '../../infra/bundle/asset-directory.ts';
import { type ColdStart, startCold } from '../../infra/bundle/cold-start.ts';
import { RUNTIME_BUNDLE_FILE } from '../../infra/bundle/runtime-bundle-file.ts';
import { PROJECT_ROOT } from '../../infra/config/deployment.ts';
import {
  FUNCTION_NAMES,
  type FunctionName,
  readsRuntimeBundle,
} from '../../infra/constructs/function-catalogue.ts';
import { createParcoursApp } from '../../infra/parcours-stack.ts';
import { median, progress, timed } from '../measure.ts';
import { bundleBareHandlers } from './bare-handlers.ts';
import { type BundleFigures, formatBundlesReport } from './bundles-report.ts';
import { firstEventSection } from './first-event.ts';
import { hasValgrind, instructionCounter } from './instruction-count.ts';
import { sdkClientsOf } from './sdk-clients.ts';

const run = promisify(execFile);

/**
 * Each function's bundle as synth produces it: its size, and its cold start (a fresh Node process
 * importing it until the handler is ready), next to a bare handler importing only the same AWS
 * SDK clients, bundled with the same options and started the same way, `runs` times each,
 * alternating, so both see the same machine. Then, where valgrind is installed, the instructions
 * each import executes, `instructionRuns` times each (0: not counted), medians.
 */
export async function bundlesSection(runs: number, instructionRuns: number): Promise<string> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  // BENCH_NODE: the Node binary cold starts run on, e.g. one of the major version Lambda runs,
  // whose module loading differs from older ones (Node 24 reads source maps lazily).
  const node = process.env.BENCH_NODE || process.execPath;
  const nodeVersion = (await run(node, ['--version'])).stdout.trim();
  const outdir = await mkdtemp(join(os.tmpdir(), 'parcours-bench-cdk-'));
  // Inside the project, so esbuild resolves the SDK from its node_modules.
  await mkdir(join(PROJECT_ROOT, 'tmp'), { recursive: true });
  const sourceDir = await mkdtemp(join(PROJECT_ROOT, 'tmp', 'bench-bare-handlers-'));
  try {
    progress('bundles: synthesizing the app, bundling every function');
    const { value: app, seconds: synthSeconds } = await timed(() =>
      createParcoursApp({ outdir, context: { 'parcours:nag': false } }),
    );
    const clients = await sdkClientsOf(PROJECT_ROOT, FUNCTION_NAMES);
    progress('bundles: bundling the bare handlers');
    const bare = await bundleBareHandlers(app.app, PROJECT_ROOT, sourceDir, clients);
    const subjects = FUNCTION_NAMES.map((name) => {
      const bareDir = bare.get(name);
      if (bareDir === undefined) throw new Error(`no bare handler for ${name}`);
      const ownDir = assetDirectory(app.stack.functions.get(name).function);
      return { name, ownDir, bareDir, ownStarts: [] as ColdStart[], bareStarts: [] as ColdStart[] };
    });

    for (let round = 1; round <= runs; round += 1) {
      progress(`bundles: cold starts, round ${round} of ${runs}`);
      for (const subject of subjects) {
        const own = async () =>
          subject.ownStarts.push(
            await startCold(subject.ownDir, { readsRuntimeBundle: readsRuntimeBundle(subject.name), node }),
          );
        const bare = async () =>
          subject.bareStarts.push(await startCold(subject.bareDir, { readsRuntimeBundle: false, node }));
        // Each goes first every other round, so neither gains from the other's warm caches.
        for (const start of round % 2 === 1 ? [own, bare] : [bare, own]) await start();
      }
    }

    const instructions = await countInstructions(subjects, node, instructionRuns);
    const ingest = subjects.find(({ name }) => name === 'ingest');
    const firstEvent =
      instructions === undefined || ingest === undefined
        ? undefined
        : await firstEventSection(ingest.ownDir, PROJECT_ROOT, node, instructionRuns);

    const figures: BundleFigures[] = [];
    for (const { name, ownDir, bareDir, ownStarts, bareStarts } of subjects) {
      figures.push({
        name,
        sdkClients: (clients.get(name) ?? []).map(({ className }) => className),
        own: { ...(await sizeOf(ownDir)), start: medianStart(ownStarts) },
        bare: { ...(await sizeOf(bareDir)), start: medianStart(bareStarts) },
        runtimeBundleBytes: readsRuntimeBundle(name)
          ? (await stat(join(ownDir, RUNTIME_BUNDLE_FILE))).size
          : undefined,
        instructions: instructions?.counts.get(name),
      });
    }
    const report = formatBundlesReport({
      figures,
      runs,
      nodeVersion,
      synthSeconds,
      instructions:
        instructions === undefined ? undefined : { runs: instructionRuns, nodeStart: instructions.nodeStart },
      loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 },
    });
    return firstEvent === undefined ? report : `${report}${firstEvent}\n`;
  } finally {
    await rm(outdir, { recursive: true, force: true });
    await rm(sourceDir, { recursive: true, force: true });
  }
}

/**
 * Each function's and its bare handler's import in instructions, or undefined when they are not
 * counted (no runs asked for, or no valgrind: said on stderr, so a missing column is explained).
 */
async function countInstructions(
  subjects: readonly { name: FunctionName; ownDir: string; bareDir: string }[],
  node: string,
  runs: number,
): Promise<{ counts: Map<FunctionName, { own: number; bare: number }>; nodeStart: number } | undefined> {
  if (runs === 0) return undefined;
  if (!(await hasValgrind())) {
    progress('bundles: no valgrind on the PATH, so no instruction counts (apt-get install valgrind)');
    return undefined;
  }
  const counter = await instructionCounter(node, runs);
  try {
    const counts = new Map<FunctionName, { own: number; bare: number }>();
    for (const { name, ownDir, bareDir } of subjects) {
      progress(`bundles: counting the instructions of ${name}, ${runs} runs a side`);
      counts.set(name, {
        own: await counter.count(ownDir, readsRuntimeBundle(name)),
        bare: await counter.count(bareDir, false),
      });
    }
    return { counts, nodeStart: counter.nodeStart };
  } finally {
    await counter.close();
  }
}

/**
 * The code a function ships, its entry and every chunk it may load, and roughly what Lambda
 * downloads (the deployed zip is deflated like gzip).
 */
async function sizeOf(assetDir: string): Promise<{ bytes: number; gzipBytes: number }> {
  const files = (await readdir(assetDir, { recursive: true })).filter((file) => file.endsWith('.mjs'));
  const code = Buffer.concat(await Promise.all(files.sort().map((file) => readFile(join(assetDir, file)))));
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

/** Each figure's median over the runs, taken apart: a slow import and a large RSS need not be one run. */
function medianStart(samples: readonly ColdStart[]): ColdStart {
  const handlers = new Set(samples.map(({ handler }) => handler));
  if (handlers.size !== 1 || !handlers.has('function'))
    throw new Error(`a bundle did not export a handler function: ${[...handlers].join(', ')}`);
  return {
    handler: 'function',
    importMs: median(samples.map(({ importMs }) => importMs)),
    importCpuMs: median(samples.map(({ importCpuMs }) => importCpuMs)),
    readyMs: median(samples.map(({ readyMs }) => readyMs)),
    rssBytes: median(samples.map(({ rssBytes }) => rssBytes)),
    // The same code loads the same modules at every start.
    builtinsLoaded: samples[0]?.builtinsLoaded ?? [],
  };
}
