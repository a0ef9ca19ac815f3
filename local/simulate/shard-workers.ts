import { totalmem } from 'node:os';
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
              // Plain JavaScript: no loader (tsx, when simulate runs from the sources), which would
              // add its own thread to each worker and send every import through it.
              execArgv: [],
              resourceLimits: {
                maxOldGenerationSizeMb: heapLimitMb(requests.length),
                maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
              },
            });
            workers.push(worker);
            worker.on('message', (message: ShardMessage) => {
              if (message.kind === 'progress') {
                done[index] = message.done;
                onProgress?.(done.reduce((sum, count) => sum + count, 0));
              } else if (message.kind === 'done') {
                resolve(message.run);
                // Its heap (the shard's whole store) goes now, not when the slowest shard ends.
                void worker.terminate();
              } else
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

/**
 * The young generation V8 gives a worker on Node 20 and 22 (three 16 MB semi-spaces). Node 24's V8
 * gives it four times as much, 192 MB, and a backtest of 50,000 journeys then peaked at 12.4 KB a
 * journey rather than 9.0 KB, for no measurable gain in speed (6 alternating runs of 10,000
 * journeys: 1,020 against 983 journeys/s on average): set, so every Node runs a shard alike.
 */
const YOUNG_GENERATION_MB = 48;

/** Never less than V8's usual limit for a heap of this machine's size. */
const MIN_HEAP_MB = 2_048;

/**
 * Each worker's heap may take its share of three quarters of the machine's memory: a worker holds
 * its customers' keys, journeys and executions until the end, which for half a million journeys
 * can pass the 2 to 4 GB V8 gives a heap by default, where a backtest would stop with an
 * out-of-memory error however much memory the machine has.
 */
function heapLimitMb(workers: number): number {
  return Math.max(MIN_HEAP_MB, Math.floor((totalmem() * 0.75) / workers / 1_048_576));
}
