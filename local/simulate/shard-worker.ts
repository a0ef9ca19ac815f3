import { type MessagePort, parentPort } from 'node:worker_threads';
import { runShard, type ShardOptions } from './shard-run.ts';

/** What the parent says to a shard worker and what the worker answers (see shard-workers.ts). */
export type ShardRequest = Omit<ShardOptions, 'onProgress'>;
export type ShardMessage =
  | { readonly kind: 'progress'; readonly done: number }
  | { readonly kind: 'done'; readonly run: Awaited<ReturnType<typeof runShard>> }
  | { readonly kind: 'failed'; readonly message: string };

/** Progress goes out every this many events: often enough to see a long run move. */
const PROGRESS_EVERY = 500;

const port = parentPort;
if (port === null) throw new Error('shard-worker.ts runs as a worker thread');
// The request comes once the worker has loaded: the parent starts its workers while it builds the
// project and plans the shards. It comes from this process's own simulate(), which parsed the input.
port.once('message', (request: ShardRequest) => void runRequest(request, port));

async function runRequest(request: ShardRequest, port: MessagePort): Promise<void> {
  const reply = (message: ShardMessage) => port.postMessage(message);
  try {
    const run = await runShard({
      ...request,
      onProgress: (done) => {
        // The first event too: it tells when the worker's platform has started.
        if (done === 1 || done % PROGRESS_EVERY === 0) reply({ kind: 'progress', done });
      },
    });
    reply({ kind: 'done', run });
  } catch (error) {
    reply({
      kind: 'failed',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
  }
}
