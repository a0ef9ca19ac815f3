import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { startLocalDynamo } from '../../local/platform/local-dynamo.ts';
import type { ItemStore, StoredItem } from '../../shared/store/item-store.ts';
import { memoryItemStore } from '../../shared/store/memory/memory-item-store.ts';
import { fixed, int, table } from '../format.ts';
import { progress } from '../measure.ts';

type StoreUnderTest = { readonly store: ItemStore; stop(): Promise<void> };

/**
 * ArrayBuffer bytes that stay alive per small item written, on each store `simulate`, tests and
 * `npm start` can run on. Why it matters: memory-level (dynalite without a folder) stores each
 * key and value in whatever Buffer its encoding gives, and a small Buffer is a slice of Node's
 * shared 8 KB pool, which then stays alive as long as any item cut from it. The project's own
 * memory store keeps its items' texts in 4 MB buffers (see TextArena), the first made at the first
 * write, so it shows only its slot table growing; dynalite on disk keeps its items in LevelDB,
 * outside the JS heap.
 */
export async function dynaliteMemorySection(items: number): Promise<string> {
  const rows: string[][] = [];
  for (const [label, open] of STORES) {
    progress(`dynalite memory: ${items} items on ${label}`);
    const opened = await open();
    try {
      const bytes = await arrayBufferGrowth(opened.store, items);
      rows.push([label, int(bytes), fixed(bytes / items, 1)]);
    } finally {
      await opened.stop();
    }
  }
  const gcNote =
    typeof Reflect.get(globalThis, 'gc') === 'function'
      ? 'after a full garbage collection'
      : 'without --expose-gc, so garbage still counts';
  return [
    `### ArrayBuffers held per stored item (${int(items)} small items, ${gcNote})`,
    '',
    'Growth of `process.memoryUsage().arrayBuffers` over the writes, items still stored. An 8 KB ' +
      "pool slab kept per item would show as thousands of bytes per item; dynalite's in-memory " +
      'store is created with `storeEncoding: "view"` (patches/) so that it keeps none.',
    '',
    table(['store', 'ArrayBuffer bytes', 'bytes per item'], rows),
  ].join('\n');
}

const STORES: readonly (readonly [string, () => Promise<StoreUnderTest>])[] = [
  ['memory store (texts in 4 MB buffers)', async () => ({ store: memoryItemStore(), stop: async () => {} })],
  ['dynalite in memory', () => startLocalDynamo(undefined)],
  ['dynalite on disk', startDynaliteOnDisk],
];

/** Items like the events a journey writes: a few short strings and a number each. */
function smallItem(index: number): StoredItem {
  return {
    pk: `PROFILE#bench-${index % 500}`,
    sk: `EVENT#2026-01-01T00:00:${String(index % 60).padStart(2, '0')}.000Z#event-${index}`,
    type: 'purchase',
    amount: index % 97,
  };
}

async function arrayBufferGrowth(store: ItemStore, items: number): Promise<number> {
  // One write first, so buffers made once per store or connection do not count as per item.
  await store.put(smallItem(items));
  const before = settledArrayBuffers();
  for (let index = 0; index < items; index += 1) await store.put(smallItem(index));
  return Math.max(0, settledArrayBuffers() - before);
}

function settledArrayBuffers(): number {
  const gc: unknown = Reflect.get(globalThis, 'gc');
  if (typeof gc === 'function') {
    // Twice: the first pass may only finalize what the second frees.
    gc();
    gc();
  }
  return process.memoryUsage().arrayBuffers;
}

async function startDynaliteOnDisk(): Promise<StoreUnderTest> {
  const folder = await mkdtemp(join(os.tmpdir(), 'parcours-bench-'));
  const started = await startLocalDynamo(folder);
  return {
    store: started.store,
    stop: async () => {
      await started.stop();
      await rm(folder, { recursive: true, force: true });
    },
  };
}
