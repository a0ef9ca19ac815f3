import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How far a shard's heap grows on V8's own terms. V8 lets a heap grow to up to four times what it
 * held after a full collection; a backtest keeps every customer's items until it ends, so at a
 * million journeys that slack is gigabytes. Grown by 40% at most, a million fit, but a small
 * backtest then collects its heap more than twice as often for nothing (10,000 journeys took 18%
 * more CPU). So the bound starts once a heap holds this much, which a backtest of 10,000 journeys
 * on two workers does not reach (under 100 MB a worker) and one of 50,000 does on its way.
 */
export const UNBOUNDED_HEAP_MB = 128;

/** Once bounded, a heap may grow by this share of what it holds after a collection. */
export const HEAP_GROWTH_FLAG = '--heap-growing-percent=40';

/** What the bound reads, sets and does: V8's, but a test gives its own. */
export type HeapProbe = {
  readonly usedBytes: () => number;
  readonly setFlags: (flags: string) => void;
  /** A full collection, after which V8 sets the heap's next limit by the flags as they are now. */
  readonly collect: () => void;
};

export const v8Heap: HeapProbe = {
  usedBytes: () => getHeapStatistics().used_heap_size,
  setFlags: setFlagsFromString,
  // The one way to collect on demand in a Node started without --expose-gc: a context made after
  // the flag is set has the function. Once a shard, so its cost (a collection) does not matter.
  collect: () => {
    setFlagsFromString('--expose-gc');
    const gc: unknown = runInNewContext('gc');
    if (typeof gc === 'function') gc();
  },
};

/**
 * A look at this thread's heap that bounds heap growth once the heap passes UNBOUNDED_HEAP_MB.
 * The flag is the process's, and V8 reads it whenever it sets a heap's next limit, as it would
 * read it from the command line (a test holds V8 to that); but a limit set before, by V8's own
 * growth, would stand until the next collection and let the heap grow far past the size first
 * (a backtest of 50,000 journeys peaked at 1,014 MB once, against 864 to 868 MB bounded from the
 * start). So each shard collects its heap when it passes the size, and grows by the bound from
 * then on.
 */
export function heapGrowthBound(probe: HeapProbe = v8Heap): () => void {
  let bounded = false;
  return () => {
    if (bounded || probe.usedBytes() < UNBOUNDED_HEAP_MB * 1_048_576) return;
    probe.setFlags(HEAP_GROWTH_FLAG);
    probe.collect();
    bounded = true;
  };
}
