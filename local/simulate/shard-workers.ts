import { Worker } from 'node:worker_threads';
import type { ShardRun } from './shard-run.ts';
import type { ShardMessage, ShardRequest } from './shard-worker.ts';
import { shardWorkerBundle } from './shard-worker-bundle.ts';

/**
 * Runs each shard in a worker thread of its own, all at once, so a backtest uses every core. A
 * worker that fails fails the simulation, naming the shard; the others are stopped.
 */
export async function runInWorkers(
  requests: readonly ShardRequest[],
  onProgress?: (done: number) => void,
): Promise<ShardRun[]> {
  const done = requests.map(() => 0);
  const workers: Worker[] = [];
  const entry = await shardWorkerBundle();
  try {
    return await Promise.all(
      requests.map(
        (request, index) =>
          new Promise<ShardRun>((resolve, reject) => {
            const worker = new Worker(entry, {
              workerData: request,
              execArgv: withoutLoaders(process.execArgv),
            });
            workers.push(worker);
            worker.on('message', (message: ShardMessage) => {
              if (message.kind === 'progress') {
                done[index] = message.done;
                onProgress?.(done.reduce((sum, count) => sum + count, 0));
              } else if (message.kind === 'done') resolve(message.run);
              else
                reject(
                  new Error(`simulation shard ${index + 1} of ${requests.length} failed: ${message.message}`),
                );
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0)
                reject(new Error(`simulation shard ${index + 1} stopped with exit code ${code}`));
            });
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

/** Options that load a module first, each with the module it names when that is a separate word. */
const LOADER_OPTIONS = new Set(['--import', '--loader', '--experimental-loader', '--require', '-r']);

/**
 * The process's Node options less those that load modules (tsx, when simulate runs from the
 * sources): the worker is plain JavaScript, and a loader would add its own thread to each worker
 * and send every import through it. The others (memory limits, --expose-gc) carry over.
 */
function withoutLoaders(execArgv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < execArgv.length; index += 1) {
    const option = execArgv[index] ?? '';
    if (LOADER_OPTIONS.has(option)) index += 1;
    else if (![...LOADER_OPTIONS].some((name) => option.startsWith(`${name}=`))) kept.push(option);
  }
  return kept;
}
