// A worker thread starts from JavaScript: this registers tsx, which then loads the TypeScript
// worker, the same way whether simulate runs from the sources or from the built CLI.
import { register } from 'tsx/esm/api';

register();
await import('./shard-worker.ts');
