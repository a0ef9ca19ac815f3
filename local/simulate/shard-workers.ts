import { totalmem } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ShardRun } from './shard-run.ts';
import type { ShardMessage, ShardRequest } from './shard-worker.ts';
import { shardWorkerBundle } from './shard-worker-bundle.ts';

/** Worker threads that each run one shard of a simulation (see shard-worker.ts). */
export type ShardWorkers = {
  readonly count: number;
  /** Runs one request a worker, all at once; resolves with every shard's run, in request order. */
  run(requests: readonly ShardRequest[], onProgress?: (done: number) => void): Promise<ShardRun[]>;
  /** Stops every worker: after the run, or instead of it when the simulation failed before. */
  close(): Promise<void>;
};

/**
 * Starts `count` workers now, before their requests are known: each loads its modules (a few
 * hundred milliseconds) while the caller builds the project and plans the shards, rather than
 * after. A worker that fails, before or during its shard, fails the run, naming the shard; the
 * caller then closes the others.
 */
export function startShardWorkers(count: number): ShardWorkers {
  let onProgress: ((done: number) => void) | undefined;
  const done = Array.from({ length: count }, () => 0);
  const spawned = shardWorkerBundle().then((entry) =>
    done.map((_, index) =>
      spawn(entry, { index, count }, (shardDone) => {
        done[index] = shardDone;
        onProgress?.(done.reduce((sum, each) => sum + each, 0));
      }),
    ),
  );
  // Handled where it is awaited (run, close); not an unhandled rejection meanwhile.
  spawned.catch(() => undefined);
  return {
    count,
    async run(requests, progress) {
      onProgress = progress;
      const workers = await spawned;
      return await Promise.all(
        requests.map((request, index) => {
          const worker = workers[index];
          if (worker === undefined || requests.length !== workers.length)
            throw new Error(`${requests.length} shards for ${workers.length} workers`);
          return worker.run(request);
        }),
      );
    },
    async close() {
      const workers = await spawned.catch(() => []);
      await Promise.all(workers.map(({ worker }) => worker.terminate()));
    },
  };
}

/**
 * One worker, listened to from the start: an error while it loads is kept for its run, not thrown
 * as an unhandled 'error' event.
 */
function spawn(
  entry: URL,
  { index, count }: { index: number; count: number },
  onProgress: (done: number) => void,
) {
  const shard = `simulation shard ${index + 1} of ${count}`;
  const worker = new Worker(entry, {
    // Plain JavaScript: no loader (tsx, when simulate runs from the sources), which would add its
    // own thread to each worker and send every import through it.
    execArgv: [],
    resourceLimits: {
      maxOldGenerationSizeMb: heapLimitMb(count),
      maxYoungGenerationSizeMb: YOUNG_GENERATION_MB,
    },
  });
  const ended = new Promise<ShardRun>((resolve, reject) => {
    worker.on('message', (message: ShardMessage) => {
      if (message.kind === 'progress') onProgress(message.done);
      else if (message.kind === 'done') {
        resolve(message.run);
        // Its heap (the shard's whole store) goes now, not when the slowest shard ends.
        void worker.terminate();
      } else reject(new Error(`${shard} failed: ${message.message}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (code !== 0) reject(new Error(`${shard} stopped with exit code ${code}`));
    });
  });
  ended.catch(() => undefined);
  return {
    worker,
    run(request: ShardRequest): Promise<ShardRun> {
      worker.postMessage(request);
      return ended;
    },
  };
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
