import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import {
  ColdStart,
  type ColdStartProcess,
  coldStartProcess,
  failedStart,
} from '../../infra/bundle/cold-start.ts';
import { median } from '../measure.ts';

const run = promisify(execFile);

/**
 * The instructions a cold start executes, counted by valgrind's cachegrind (no cache simulation,
 * only the count). A row's wall time moves by up to a sixth from one invocation of the bench to
 * the next, even with 41 starts a side; this count moves by about 2%, so it settles what the
 * wall time cannot: how much more work a function's import is than its bare handler's.
 */
export type InstructionCounter = {
  /** The instructions of importing the bundle: the process's count, less Node's own start. */
  count(assetDir: string, readsRuntimeBundle: boolean): Promise<number>;
  /** What an empty module's start costs, taken off every count: Node's own start and the probe. */
  readonly nodeStart: number;
  close(): Promise<void>;
};

/** Whether valgrind is on the PATH; without it the bench leaves the count out and says so. */
export async function hasValgrind(): Promise<boolean> {
  try {
    await run('valgrind', ['--version']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Counts each start `runs` times and keeps the median. Node's own start is counted the same way,
 * on a module that exports only a handler, and taken off: what is left is the bundle's import.
 */
export async function instructionCounter(node: string, runs: number): Promise<InstructionCounter> {
  const emptyDir = await mkdtemp(join(os.tmpdir(), 'parcours-bench-empty-'));
  await writeFile(join(emptyDir, 'index.mjs'), 'export const handler = async () => ({});\n');
  const medianCount = async (assetDir: string, readsRuntimeBundle: boolean) => {
    const counts: number[] = [];
    for (let index = 0; index < runs; index += 1)
      counts.push(await countOnce(assetDir, readsRuntimeBundle, node));
    return median(counts, `instructions of ${assetDir}`);
  };
  const nodeStart = await medianCount(emptyDir, false);
  return {
    count: async (assetDir, readsRuntimeBundle) =>
      (await medianCount(assetDir, readsRuntimeBundle)) - nodeStart,
    nodeStart,
    close: () => rm(emptyDir, { recursive: true, force: true }),
  };
}

async function countOnce(assetDir: string, readsRuntimeBundle: boolean, node: string): Promise<number> {
  try {
    const { stdout, instructions } = await countedRun(
      coldStartProcess(assetDir, { readsRuntimeBundle, node }),
    );
    // The probe's own report, so a bundle that loads but exports no handler is not counted.
    const { handler } = ColdStart.parse(JSON.parse(stdout));
    if (handler !== 'function') throw new Error(`${assetDir} exports no handler function`);
    return instructions;
  } catch (error) {
    throw failedStart(assetDir, error);
  }
}

/** Runs a started process under cachegrind: its stdout, and the instructions it executed. */
export async function countedRun(start: ColdStartProcess): Promise<{ stdout: string; instructions: number }> {
  const valgrind = ['--tool=cachegrind', '--cache-sim=no', '--cachegrind-out-file=/dev/null'];
  const { stdout, stderr } = await run('valgrind', [...valgrind, start.node, ...start.args], {
    cwd: start.cwd,
    env: start.env,
    timeout: 300_000,
  });
  return { stdout, instructions: instructionsOf(stderr) };
}

/** cachegrind's summary line, "I refs: 663,912,345", on stderr. */
export function instructionsOf(stderr: string): number {
  const found = /I\s+refs:\s+([\d,]+)/.exec(stderr)?.[1];
  if (found === undefined)
    throw new Error(`no instruction count in valgrind's output: ${stderr.slice(-500)}`);
  return Number(found.replaceAll(',', ''));
}
