import { getHeapStatistics, setFlagsFromString } from 'node:v8';

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

/** What the bound reads and sets: V8's, but a test gives its own. */
export type HeapProbe = {
  readonly usedBytes: () => number;
  readonly setFlags: (flags: string) => void;
};

const v8Heap: HeapProbe = {
  usedBytes: () => getHeapStatistics().used_heap_size,
  setFlags: setFlagsFromString,
};

/**
 * A look at this thread's heap that bounds heap growth once the heap passes UNBOUNDED_HEAP_MB.
 * The flag is the process's, so every worker and the main thread, which merges the results, grow
 * by the bound from then on: V8 reads it whenever it sets a heap's next limit, as it would read it
 * from the command line (a test holds V8 to that).
 */
export function heapGrowthBound(probe: HeapProbe = v8Heap): () => void {
  let bounded = false;
  return () => {
    if (bounded || probe.usedBytes() < UNBOUNDED_HEAP_MB * 1_048_576) return;
    probe.setFlags(HEAP_GROWTH_FLAG);
    bounded = true;
  };
}
