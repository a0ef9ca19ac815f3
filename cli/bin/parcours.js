#!/usr/bin/env node
// Runs the CLI as built at `npm install` (`npm run build`, into cli/dist/) while that build is up to
// date: none of the source files it was made from has changed since it started. Otherwise, or
// with no build, it runs the TypeScript sources through tsx: slower to start, never stale.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'cli', 'dist');

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
