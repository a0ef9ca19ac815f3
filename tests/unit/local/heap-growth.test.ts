import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { HEAP_GROWTH_FLAG, heapGrowthBound, UNBOUNDED_HEAP_MB } from '../../../local/simulate/heap-growth.ts';

const MB = 1_048_576;
const HEAP_GROWTH_MODULE = fileURLToPath(new URL('../../../local/simulate/heap-growth.ts', import.meta.url));

/**
 * The full collections of a fresh Node (started as `parcours simulate` is, without --expose-gc)
 * while it runs `body`: in a process of its own, since the flags a body sets are the process's.
 */
async function majorCollections(body: string): Promise<number> {
  const program = `
    import { PerformanceObserver, constants } from 'node:perf_hooks';
    let majors = 0;
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries())
        if (entry.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majors += 1;
    }).observe({ entryTypes: ['gc'] });
    ${body}
    setTimeout(() => console.log(majors), 20);`;
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    '--input-type=module',
    '-e',
    program,
  ]);
  return Number(stdout.trim());
}

/** A heap of the given size, and the flags set on it. */
function fakeHeap(usedMb: number) {
  const set: string[] = [];
  const heap = { usedMb, collections: 0 };
  return {
    heap,
    set,
    probe: {
      usedBytes: () => heap.usedMb * MB,
      setFlags: (flags: string) => void set.push(flags),
      collect: () => {
        // The collection must come after the flag, or the limit it sets is V8's own.
        expect(set).toEqual([HEAP_GROWTH_FLAG]);
        heap.collections += 1;
      },
    },
  };
}

describe('the heap growth bound of a simulation', () => {
  it('leaves V8 its own growth while the heap is small', () => {
    const { heap, probe, set } = fakeHeap(UNBOUNDED_HEAP_MB - 1);
    const bound = heapGrowthBound(probe);
    bound();
    bound();
    expect(set).toEqual([]);
    expect(heap.collections).toBe(0);
  });

  it('bounds growth once the heap reaches the size, then collects so the bound applies at once, once', () => {
    const { heap, probe, set } = fakeHeap(10);
    const bound = heapGrowthBound(probe);
    bound();
    heap.usedMb = UNBOUNDED_HEAP_MB;
    bound();
    heap.usedMb = UNBOUNDED_HEAP_MB * 4;
    bound();
    expect(set).toEqual([HEAP_GROWTH_FLAG]);
    expect(heap.collections).toBe(1);
  });

  it('collects in full on demand in a Node started without --expose-gc', async () => {
    const body = `
      const { v8Heap } = await import(${JSON.stringify(HEAP_GROWTH_MODULE)});
      v8Heap.collect();`;
    expect(await majorCollections(body)).toBeGreaterThanOrEqual(1);
  });

  // The bound relies on V8 reading the flag when it sets a heap's next limit, not only at start:
  // a Node that froze its flags or read this one once would let a large backtest's heap grow
  // fourfold. A program that keeps 8 million objects collects in full more often with the flag
  // set as it runs (2 or 3 times without it on Node 20 to 24, 4 to 7 times with it).
  it('is read by V8 when set at run time', async () => {
    const keeping = (setFlag: boolean) => `
      if (${setFlag}) (await import('node:v8')).setFlagsFromString(${JSON.stringify(HEAP_GROWTH_FLAG)});
      const kept = [];
      for (let index = 0; index < 8_000_000; index += 1) kept.push({ index, text: 'x' + index });`;
    const unbounded = await majorCollections(keeping(false));
    const bounded = await majorCollections(keeping(true));
    expect(unbounded).toBeGreaterThan(0);
    expect(bounded).toBeGreaterThanOrEqual(unbounded + 2);
  }, 60_000);
});
