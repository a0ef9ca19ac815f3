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

// A backtest's main heap merges the workers' results, which for a million journeys can pass the
// 4 GB V8 gives a heap: simulate runs in a Node whose main heap may take half the machine's memory
// (how far each heap grows is bounded by the simulation itself: local/simulate/heap-growth.ts).
// V8 flags are given at start, which means a Node of its own, unless the caller gave the limit.
const HEAP_LIMIT_FLAG = '--max-old-space-size';
// The main heap's young generation as Node 20 sizes it, on every Node. From Node 22 on, V8 sizes it
// by the heap limit, and the main thread's checks of a large input (every event and profile parsed
// and checked) grew its semi-spaces to 128 MB on Node 24, where they stay at 32 MB with this (an
// input of 50,000 journeys); the backtest's peak was 36 to 40 MB lower. The workers' young
// generation is set where they start (local/simulate/shard-workers.ts).
const YOUNG_GENERATION_FLAG = '--max-semi-space-size=16';
if (process.argv[2] === 'simulate' && !process.execArgv.some((flag) => flag.startsWith(HEAP_LIMIT_FLAG))) {
  const halfTheMemoryMb = Math.floor(totalmem() / 2 / 1_048_576);
  const flags = [`${HEAP_LIMIT_FLAG}=${Math.max(4_096, halfTheMemoryMb)}`, YOUNG_GENERATION_FLAG];
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
