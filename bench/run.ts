/**
 * `npm run bench` (not a test): figures measured next to baselines taken in the same run, so the
 * ratios hold on whatever machine runs it. Sections:
 * - simulate: `parcours simulate` on abandoned-cart journeys on its in-memory store, next to the
 *   bare engine; and on dynalite for a smaller input, whose report must be the same;
 * - scale: the CLI on JSON-lines files of BENCH_SCALE_JOURNEYS journeys (default 50,000; a
 *   million for the backtest the README reports) next to 2,000, BENCH_SCALE_RUNS times each
 *   (default 3; 1 for a million): time, peak memory, and the memory each journey adds;
 * - dynalite: ArrayBuffer bytes per item dynalite keeps in memory;
 * - broadcast: a one-email announcement to BENCH_BROADCAST_RECIPIENTS customers (default 100,000)
 *   in six zones, through the CLI, next to 2,000: time, peak memory, and what each customer adds;
 * - bundles: each function's bundle size and cold start, next to a bare handler that imports
 *   only the same AWS SDK clients; with valgrind on the PATH, the instructions of each import too,
 *   BENCH_INSTRUCTION_RUNS times each (default 3; 0 leaves them out);
 * - cli: `parcours --help` and `parcours validate` in fresh processes, next to a bare Node start;
 * - console: the console's scenario and customer pages over a backtest of BENCH_CONSOLE_JOURNEYS
 *   journeys (default 100,000), next to 2,000: time to first paint in headless Chromium.
 *
 * BENCH_ONLY picks one section (simulate | scale | dynalite | broadcast | bundles | cli | console); BENCH_JOURNEYS sets the number of
 * journeys (default 10,000) and BENCH_COMPARE_JOURNEYS those run on both stores (default 1,000);
 * BENCH_RUNS the timed runs per measurement (default 3 for simulate,
 * 41 cold starts per bundle, 7 rounds for cli). Tables go to stdout, progress to stderr.
 */

import { broadcastSection } from './broadcast/broadcast-section.ts';
import { bundlesSection } from './bundles/bundles-section.ts';
import { cliSection } from './cli/cli-section.ts';
import { consoleSection } from './console/console-section.ts';
import { scaleSection } from './simulate/scale-section.ts';
import { simulateSection } from './simulate/simulate-section.ts';
import { dynaliteMemorySection } from './store/dynalite-memory.ts';

// Local runs talk to loopback stand-ins only: the SDK's notice about Node versions is noise here.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

const SECTIONS = {
  simulate: () =>
    simulateSection(
      positiveInteger('BENCH_JOURNEYS', 10_000),
      positiveInteger('BENCH_RUNS', 3),
      positiveInteger('BENCH_COMPARE_JOURNEYS', 1_000),
    ),
  scale: () =>
    scaleSection(
      positiveInteger('BENCH_SCALE_JOURNEYS', 50_000),
      2_000,
      positiveInteger('BENCH_SCALE_RUNS', 3),
    ),
  dynalite: () => dynaliteMemorySection(3_000),
  broadcast: () => broadcastSection(positiveInteger('BENCH_BROADCAST_RECIPIENTS', 100_000), 2_000),
  bundles: () =>
    bundlesSection(positiveInteger('BENCH_RUNS', 41), wholeNumber('BENCH_INSTRUCTION_RUNS', 3, 0)),
  cli: () => cliSection(positiveInteger('BENCH_RUNS', 7)),
  console: () =>
    consoleSection(
      positiveInteger('BENCH_CONSOLE_JOURNEYS', 100_000),
      2_000,
      positiveInteger('BENCH_RUNS', 5),
    ),
} as const;

const only = process.env.BENCH_ONLY;
if (only !== undefined && only !== '' && !Object.hasOwn(SECTIONS, only))
  throw new Error(`BENCH_ONLY must be one of ${Object.keys(SECTIONS).join(', ')}, not "${only}"`);
for (const [name, section] of Object.entries(SECTIONS)) {
  if (only !== undefined && only !== '' && only !== name) continue;
  process.stdout.write(`${await section()}\n`);
}

function positiveInteger(name: string, fallback: number): number {
  return wholeNumber(name, fallback, 1);
}

function wholeNumber(name: string, fallback: number, least: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < least)
    throw new Error(`${name} must be a whole number of at least ${least}, not "${text}"`);
  return value;
}
