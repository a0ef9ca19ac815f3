import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredItem } from '../../../shared/store/item-store.ts';
import { type LocalDynamo, startDynalite } from '../../helpers/dynalite.ts';

/**
 * dynalite without a folder keeps its items in memory-level. With memory-level's default store
 * encoding ('buffer') every small key and value is a slice of Node's shared 8 KB Buffer pool, and
 * each stored item keeps a slab alive: thousands of ArrayBuffer bytes per item, which a long
 * simulation or test run pays for every item it writes. patches/ creates the store with
 * storeEncoding 'view'; this checks that an item then costs about its own bytes.
 */
const ITEMS = 3_000;
/** Far above what a small item's key and JSON value take, far below a slab per item. */
const MAX_BYTES_PER_ITEM = 1_024;
const PARTITIONS = 30;

let dynamo: LocalDynamo;
beforeAll(async () => {
  dynamo = await startDynalite();
});
afterAll(async () => {
  await dynamo.stop();
});

describe('dynalite in memory', () => {
  it('holds no pooled Buffer slab per stored item', { timeout: 120_000 }, async () => {
    // Prepare: one write first, so what a connection or the table allocates once does not count
    await dynamo.store.put({ ...smallItem(ITEMS), pk: 'PROFILE#memory-first' });
    const before = settledArrayBuffers();

    // Act
    for (let index = 0; index < ITEMS; index += 1) await dynamo.store.put(smallItem(index));
    const growth = settledArrayBuffers() - before;

    // Assess: the items are all still held, and they cost far less than a slab each
    const stored = await dynamo.store.query(partition(0));
    expect(stored).toHaveLength(ITEMS / PARTITIONS);
    expect(growth / ITEMS).toBeLessThan(MAX_BYTES_PER_ITEM);
  });
});

function partition(index: number): string {
  return `PROFILE#memory-${index % PARTITIONS}`;
}

/** Small items, like the events a journey writes. */
function smallItem(index: number): StoredItem {
  return {
    pk: partition(index),
    sk: `EVENT#${String(index).padStart(6, '0')}`,
    type: 'purchase',
    amount: index % 97,
  };
}

/**
 * ArrayBuffer bytes after a full collection, so that only what is still referenced counts. The
 * test worker is not started with --expose-gc; V8 allows turning the flag on at run time, and a
 * new context then has `gc` on its global.
 */
function settledArrayBuffers(): number {
  setFlagsFromString('--expose-gc');
  const gc: unknown = runInNewContext('gc');
  if (typeof gc !== 'function') throw new Error('no gc function to settle the heap with');
  // Twice: the first pass may only finalize what the second frees.
  gc();
  gc();
  return process.memoryUsage().arrayBuffers;
}
