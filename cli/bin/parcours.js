#!/usr/bin/env node
// Runs the CLI as built at `npm install` (`npm run build`, into cli/dist/) while that build is up to
// date: none of the source files it was made from has changed since it started. Otherwise, or
// with no build, it runs the TypeScript sources through tsx: slower to start, never stale.
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'cli', 'dist');

// A backtest keeps every customer's items until it ends, and V8 lets a heap grow to two to four
// times what it holds before collecting: simulate runs in a Node that grows it by 40% at most, so
// a million journeys fit in memory (about a seventh more CPU), and whose main heap, which merges
// the workers' results, may take half the machine's memory rather than V8's 4 GB. V8 flags apply
// to the whole process and are given at start, which means a Node of its own.
const SIMULATE_HEAP_GROWTH = '--heap-growing-percent=40';
if (process.argv[2] === 'simulate' && !process.execArgv.includes(SIMULATE_HEAP_GROWTH)) {
  const halfTheMemoryMb = Math.floor(totalmem() / 2 / 1_048_576);
  const flags = [SIMULATE_HEAP_GROWTH, `--max-old-space-size=${Math.max(4_096, halfTheMemoryMb)}`];
  const argv = [...process.execArgv, ...flags, ...process.argv.slice(1)];
  const child = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (child.signal !== null) process.kill(process.pid, child.signal);
  process.exit(child.status ?? 1);
}

if (buildIsCurrent()) {
  await import('../dist/main.mjs');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../main.ts');
}

/** Whether every input of the build is still as it was read; any doubt runs the sources. */
function buildIsCurrent() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(dist, 'inputs.json'), 'utf8'));
    if (typeof builtAt !== 'number' || !Array.isArray(inputs) || inputs.length === 0) return false;
    return inputs.every(
      (input) => typeof input === 'string' && statSync(join(root, input)).mtimeMs <= builtAt,
    );
  } catch {
    return false;
  }
}
