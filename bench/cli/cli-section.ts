import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCli, DIST_DIR } from '../../cli/build/build-cli.ts';
import { changedSinceBuild } from '../../cli/build/build-inputs.ts';
import { progress } from '../measure.ts';
import { type CliFigure, formatCliReport } from './cli-report.ts';
import { type ProcessCommand, timeProcess } from './process-timer.ts';

const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(PROJECT_ROOT, 'cli', 'bin', 'parcours.js');
const SOURCES = join(PROJECT_ROOT, 'cli', 'main.ts');

/** The baseline first: every other figure is read as a multiple of it. */
const COMMANDS: readonly (ProcessCommand & { readonly targetMs?: number })[] = [
  { label: 'node -e ""', args: ['-e', ''], cwd: PROJECT_ROOT },
  { label: 'parcours --help', args: [BIN, '--help'], cwd: PROJECT_ROOT, targetMs: 300 },
  { label: 'parcours validate', args: [BIN, 'validate'], cwd: PROJECT_ROOT, targetMs: 1_000 },
  // What runs when the build is missing or older than a source: the sources through tsx.
  { label: 'sources via tsx: --help', args: ['--import', 'tsx', SOURCES, '--help'], cwd: PROJECT_ROOT },
  { label: 'sources via tsx: validate', args: ['--import', 'tsx', SOURCES, 'validate'], cwd: PROJECT_ROOT },
];

/**
 * `parcours --help` and `parcours validate` on the examples, each a fresh process as a user runs
 * it, next to a bare `node -e ""` started the same way. The CLI is built first, so the figures
 * are the built CLI's; the same calls on the sources through tsx show what a stale build costs.
 * One untimed round, then `runs` rounds, each running every command once, so load drift hits all.
 */
export async function cliSection(runs: number): Promise<string> {
  const loadAtStart = os.loadavg()[0] ?? 0;
  progress('cli: building the CLI');
  await buildCli();
  const times = new Map<string, number[]>(COMMANDS.map(({ label }) => [label, []]));
  for (let round = 0; round <= runs; round += 1) {
    progress(round === 0 ? 'cli: warm-up round' : `cli: round ${round} of ${runs}`);
    for (const command of COMMANDS) {
      const ms = await timeProcess(command);
      if (round > 0) times.get(command.label)?.push(ms);
    }
  }
  // A source edited during the run sends the CLI to tsx: those figures would not be the build's.
  const changed = await changedSinceBuild(PROJECT_ROOT, DIST_DIR);
  if (changed === undefined || changed.length > 0)
    throw new Error(`cli: ${changed?.join(', ') ?? 'the build'} changed during the run; run it again`);
  const figures: CliFigure[] = COMMANDS.map(({ label, targetMs }) => ({
    label,
    runsMs: times.get(label) ?? [],
    targetMs,
  }));
  return formatCliReport({ figures, runs, loadAverage: { start: loadAtStart, end: os.loadavg()[0] ?? 0 } });
}
