#!/usr/bin/env node
// The CLI is TypeScript run in place: tsx compiles it on load, so `npx parcours` needs no build.
import { register } from 'tsx/esm/api';

register();
await import('../main.ts');
