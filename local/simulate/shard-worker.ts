import { parentPort, workerData } from 'node:worker_threads';
import { runShard, type ShardOptions } from './shard-run.ts';

/** What the parent says to a shard worker and what the worker answers (see shard-workers.ts). */
export type ShardRequest = Omit<ShardOptions, 'onProgress'>;
export type ShardMessage =
  | { readonly kind: 'progress'; readonly done: number }
  | { readonly kind: 'done'; readonly run: Awaited<ReturnType<typeof runShard>> }
  | { readonly kind: 'failed'; readonly message: string };

/** Progress goes out every this many events: often enough to see a long run move. */
const PROGRESS_EVERY = 500;

// The request comes from this process's own simulate(), which parsed the input already.
const request: ShardRequest = workerData;
const port = parentPort;
if (port === null) throw new Error('shard-worker.ts runs as a worker thread');
try {
  const run = await runShard({
    ...request,
    onProgress: (done) => {
      // The first event too: it tells when the worker's platform has started.
      if (done === 1 || done % PROGRESS_EVERY === 0)
        port.postMessage({ kind: 'progress', done } satisfies ShardMessage);
    },
  });
  port.postMessage({ kind: 'done', run } satisfies ShardMessage);
} catch (error) {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  port.postMessage({ kind: 'failed', message } satisfies ShardMessage);
}
