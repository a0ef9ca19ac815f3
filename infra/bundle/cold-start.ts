import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as z from 'zod';
import { SCENARIO_PLACEHOLDER } from '../../shared/journeys/state-machine-alias.ts';
import { SCAN_SEGMENTS } from '../constructs/broadcasts.ts';
import { FUNCTION_NODE_OPTIONS } from '../constructs/parcours-function.ts';
import { RUNTIME_BUNDLE_FILE } from './runtime-bundle-file.ts';

const run = promisify(execFile);

/**
 * The variables each lambda.ts validates at cold start, with values that need no AWS call, and
 * the Node options every deployed function runs with.
 */
export const COLD_START_ENVIRONMENT: Readonly<Record<string, string>> = {
  NODE_OPTIONS: FUNCTION_NODE_OPTIONS,
  AWS_REGION: 'eu-west-1',
  TABLE_NAME: 'parcours-test',
  UNSUBSCRIBE_SECRET: 'a-local-secret-of-at-least-thirty-two-characters',
  WEBHOOK_SECRET: 'a-local-secret-of-at-least-thirty-two-characters',
  UNSUBSCRIBE_BASE_URL: 'https://unsubscribe.example/',
  EVENT_BUS_NAME: 'default',
  OUTCOME_STREAM: 'parcours-test-outcomes',
  STATE_MACHINE_ALIAS_ARN: `arn:aws:states:eu-west-1:123456789012:stateMachine:Parcours-${SCENARIO_PLACEHOLDER}:live`,
  AUDIENCE_BUCKET: 'parcours-test-audiences',
  SCAN_SEGMENTS: String(SCAN_SEGMENTS),
  NODE_NO_WARNINGS: '1',
};

/** What one cold start of a bundle measured, from inside the fresh process. */
export const ColdStart = z.object({
  /** `typeof` the module's `handler` export: "function" when the bundle is usable. */
  handler: z.string(),
  /** How long importing the bundle took: module evaluation, configuration parsing, client setup. */
  importMs: z.number(),
  /**
   * The CPU time (user and system, every thread) the import took. On a machine busy with other
   * work, wall-clock time mostly measures waiting for a core; CPU time still measures the work.
   */
  importCpuMs: z.number(),
  /** From the process's start to the handler being ready, Node's own start-up included. */
  readyMs: z.number(),
  /** Resident memory once the handler is ready. */
  rssBytes: z.number(),
  /**
   * The modules of Node itself the import loaded, by their internal names
   * ("NativeModule internal/webstreams/readablestream"): each one is code a cold start compiles.
   */
  builtinsLoaded: z.array(z.string()),
});
export type ColdStart = z.infer<typeof ColdStart>;

/** Imports the bundle and reports, on stdout, the moment its handler is ready. */
const PROBE = `
const loadedBefore = new Set(process.moduleLoadList);
const before = performance.now();
const cpuBefore = process.cpuUsage();
const loaded = await import('./index.mjs');
const ready = performance.now();
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(JSON.stringify({
  handler: typeof loaded.handler,
  importMs: ready - before,
  importCpuMs: (cpu.user + cpu.system) / 1000,
  readyMs: ready,
  rssBytes: process.memoryUsage.rss(),
  builtinsLoaded: process.moduleLoadList.filter((name) => !loadedBefore.has(name)),
}));
`;

/** How a cold start is run: the Node, its arguments, its folder and its only variables. */
export type ColdStartProcess = {
  readonly node: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
};

/**
 * A bundle started as Lambda would: a fresh Node process in the asset folder, only the function's
 * variables set (PARCOURS_BUNDLE pointing at the asset's runtime bundle when it ships one), the
 * probe importing the bundle and printing what it measured.
 */
export function coldStartProcess(
  assetDir: string,
  options: {
    readsRuntimeBundle: boolean;
    /** The Node binary to start, e.g. one of the version Lambda runs. @default this process's */
    node?: string | undefined;
  },
): ColdStartProcess {
  return {
    node: options.node ?? process.execPath,
    args: ['--input-type=module', '-e', PROBE],
    cwd: assetDir,
    env: {
      ...COLD_START_ENVIRONMENT,
      PATH: process.env.PATH,
      ...(options.readsRuntimeBundle ? { PARCOURS_BUNDLE: join(assetDir, RUNTIME_BUNDLE_FILE) } : {}),
    },
  };
}

/**
 * Starts a bundle as Lambda would (coldStartProcess) and measures until its handler is ready. A
 * bundle that throws at import rejects with its stderr.
 */
export async function startCold(
  assetDir: string,
  options: Parameters<typeof coldStartProcess>[1],
): Promise<ColdStart> {
  const { node, args, cwd, env } = coldStartProcess(assetDir, options);
  try {
    const { stdout } = await run(node, [...args], { cwd, env, timeout: 60_000 });
    return ColdStart.parse(JSON.parse(stdout));
  } catch (error) {
    throw failedStart(assetDir, error);
  }
}

/** The error of a start that failed: its stderr's last lines where it has one. */
export function failedStart(assetDir: string, error: unknown): unknown {
  const stderr = typeof error === 'object' && error !== null ? Reflect.get(error, 'stderr') : undefined;
  if (typeof stderr !== 'string') return error;
  return new Error(`${assetDir} did not start: ${lastLines(stderr)}`);
}

/** A failed import prints the minified line it failed on: only the message after it is worth reading. */
function lastLines(stderr: string): string {
  return stderr
    .split('\n')
    .filter((line) => line.length < 500)
    .slice(-15)
    .join('\n');
}

/** What precedes the handler's result on the stdout of an invoked start: logs and metrics share it. */
export const INVOKED_RESULT_PREFIX = 'handler result: ';

/**
 * A bundle started as Lambda would (coldStartProcess), then invoked once with `event`, its
 * DynamoDB at `dynamoEndpoint` (a local one): a cold start with its first event, which loads what
 * the import leaves to first use (the AWS SDK's credential provider, libphonenumber). The
 * handler's result is printed on a line of its own after INVOKED_RESULT_PREFIX.
 */
export function invokedStartProcess(
  assetDir: string,
  options: Parameters<typeof coldStartProcess>[1] & { event: unknown; dynamoEndpoint: string },
): ColdStartProcess {
  const started = coldStartProcess(assetDir, options);
  const invoke = `
    const { handler } = await import('./index.mjs');
    const context = { functionName: 'parcours', awsRequestId: 'request-1', getRemainingTimeInMillis: () => 10000 };
    const result = await handler(${JSON.stringify(options.event)}, context);
    process.stdout.write('\\n' + ${JSON.stringify(INVOKED_RESULT_PREFIX)} + JSON.stringify(result) + '\\n');
  `;
  return {
    ...started,
    args: ['--input-type=module', '-e', invoke],
    env: {
      ...started.env,
      AWS_ENDPOINT_URL_DYNAMODB: options.dynamoEndpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
    },
  };
}

/** The handler's result an invoked start printed (invokedStartProcess). */
export function invokedResult(stdout: string): unknown {
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(INVOKED_RESULT_PREFIX));
  if (line === undefined) throw new Error(`no handler result in: ${stdout.slice(-500)}`);
  return JSON.parse(line.slice(INVOKED_RESULT_PREFIX.length));
}
