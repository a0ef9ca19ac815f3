import {
  DYNAMODB_ITEM_LIMIT_BYTES,
  fitsBytes,
  itemSizeBytes,
  MAX_SIZE_PER_JSON_CHARACTER,
} from '../item-size.ts';
import {
  type Condition,
  type ItemStore,
  isStoredItem,
  type SortKeyRange,
  type StoredItem,
  type WriteOptions,
} from '../item-store.ts';
import { KEY_LIMIT_BYTES } from '../key-limits.ts';
import { type ItemKey, shardHash } from '../keys.ts';
import { compareSortKeys, StoreRefusal, storedText } from './stored-value.ts';
import { TextArena } from './text-arena.ts';

/**
 * Items are kept as JSON text, outside V8's heap (see TextArena), by the slot of their text: a
 * backtest holds several items per customer for hundreds of thousands of customers, and text
 * takes a fraction of the memory of the objects it describes. Parsing it back also gives every
 * reader its own copy. The text leaves out the keys, which the maps hold already (a tenth of a
 * backtest's items).
 */
type Partition = Map<string, number> & {
  /**
   * The partition key's shardHash, kept once computed: a parallel scan (a sweep's 64 segments a
   * day) would otherwise hash every key once per segment.
   */
  shard?: number;
};

/**
 * The store port in this process's memory, for `simulate` and fast tests: the same semantics as
 * DynamoDB (see ItemStore), proven by the contract suite, without a server, sockets, the SDK's
 * serialisation and signing, or a copy through LevelDB. Operations of one call run to completion
 * before another starts (no await inside), which gives the atomicity of a DynamoDB conditional
 * write. Items are copied in and out, so a caller never shares an object with the store.
 */
export function memoryItemStore(): ItemStore {
  const partitions = new Map<string, Partition>();
  const texts = new TextArena();

  const current = (key: ItemKey): StoredItem | undefined => {
    const slot = partitions.get(key.pk)?.get(key.sk);
    return slot === undefined ? undefined : parsed(texts.read(slot), key);
  };
  const write = ({ key, text }: { key: ItemKey; text: string }): void => {
    let partition = partitions.get(key.pk);
    if (partition === undefined) {
      partition = new Map();
      partitions.set(flatCopy(key.pk), partition);
    }
    const slot = partition.get(key.sk);
    // A key the map has already keeps its first string: only a new one is copied.
    partition.set(slot === undefined ? flatCopy(key.sk) : key.sk, texts.store(text, slot));
  };
  /** Whether a write's condition holds on the item stored at `key` (read only when there is one). */
  const holds = (options: WriteOptions | undefined, key: ItemKey): boolean =>
    options?.condition === undefined || evaluate(options.condition, current(key));

  return {
    async get(key, options) {
      checkKey(key);
      const item = current(key);
      if (item === undefined || options?.attributes === undefined) return item;
      const wanted = new Set([...options.attributes, 'pk', 'sk']);
      const picked = Object.fromEntries(Object.entries(item).filter(([name]) => wanted.has(name)));
      return { ...picked, pk: item.pk, sk: item.sk };
    },
    async put(item, options) {
      const stored = storable(item);
      if (!holds(options, stored.key)) return false;
      write(stored);
      return true;
    },
    async set(key, values, options) {
      checkKey(key);
      const existing = current(key);
      const next = storable({ ...existing, ...values, pk: key.pk, sk: key.sk });
      if (options?.condition !== undefined && !evaluate(options.condition, existing)) return false;
      write(next);
      return true;
    },
    async delete(key, options) {
      checkKey(key);
      if (!holds(options, key)) return false;
      const partition = partitions.get(key.pk);
      const slot = partition?.get(key.sk);
      if (slot !== undefined) texts.release(slot);
      partition?.delete(key.sk);
      return true;
    },
    async query(partition, range) {
      const sortKeys = [...(partitions.get(partition)?.keys() ?? [])].filter((sk) => inRange(sk, range));
      return sortKeys.sort(compareSortKeys).flatMap((sk) => current({ pk: partition, sk }) ?? []);
    },
    async scan({ sortKeyPrefix, limit }) {
      const found: StoredItem[] = [];
      for (const [pk, partition] of partitions) {
        for (const [sk, slot] of partition) {
          if (limit !== undefined && found.length >= limit) return found;
          if (sortKeyPrefix === undefined || sk.startsWith(sortKeyPrefix))
            found.push(parsed(texts.read(slot), { pk, sk }));
        }
      }
      return found;
    },
    // Memory has no page limit: a segment is one page, its partitions picked by their key's hash
    // as DynamoDB picks them by theirs (which ones differs; that each is in one does not).
    async scanSegment({ segment, segments, sortKeyPrefix }) {
      const items: StoredItem[] = [];
      for (const [pk, partition] of partitions) {
        if (segments > 1) {
          partition.shard ??= shardHash(pk);
          if (partition.shard % segments !== segment) continue;
        }
        for (const [sk, slot] of partition) {
          if (sortKeyPrefix === undefined || sk.startsWith(sortKeyPrefix))
            items.push(parsed(texts.read(slot), { pk, sk }));
        }
      }
      return { items };
    },
    async putMany(items) {
      // Every item is checked before any is written, as BatchWriteItem refuses a bad batch whole.
      for (const item of items.map(storable)) write(item);
    },
  };
}

/** The value of `attribute` satisfies the condition, DynamoDB's way (an absent item has none). */
function evaluate(condition: Condition, item: StoredItem | undefined): boolean {
  switch (condition.kind) {
    case 'exists':
      return item !== undefined && item[condition.attribute] !== undefined;
    case 'missing':
      return item === undefined || item[condition.attribute] === undefined;
    case 'compare': {
      const value = item?.[condition.attribute];
      // Values of different types are never equal nor ordered, as in DynamoDB.
      if (typeof value !== typeof condition.value) return false;
      if (typeof value === 'number' && typeof condition.value === 'number') {
        return compareWith(condition.operator, value - condition.value);
      }
      if (typeof value === 'string' && typeof condition.value === 'string') {
        return compareWith(condition.operator, compareSortKeys(value, condition.value));
      }
      return false;
    }
    case 'and':
      return condition.conditions.every((part) => evaluate(part, item));
    case 'or':
      return condition.conditions.some((part) => evaluate(part, item));
  }
}

function compareWith(operator: '=' | '<' | '<=', difference: number): boolean {
  if (operator === '=') return difference === 0;
  return operator === '<' ? difference < 0 : difference <= 0;
}

function inRange(sortKey: string, range: SortKeyRange | undefined): boolean {
  if (range === undefined) return true;
  if ('prefix' in range) return sortKey.startsWith(range.prefix);
  return compareSortKeys(sortKey, range.from) >= 0 && compareSortKeys(sortKey, range.to) <= 0;
}

function checkKey(key: ItemKey): void {
  if (typeof key.pk !== 'string' || key.pk === '' || !fitsBytes(key.pk, KEY_LIMIT_BYTES.partition)) {
    throw new StoreRefusal(`One or more parameter values were invalid: the partition key`);
  }
  if (typeof key.sk !== 'string' || key.sk === '' || !fitsBytes(key.sk, KEY_LIMIT_BYTES.sort)) {
    throw new StoreRefusal(`One or more parameter values were invalid: the sort key`);
  }
}

/** An item checked as DynamoDB checks it, as its key and the text the store keeps. */
function storable(item: Readonly<Record<string, unknown>>): { key: ItemKey; text: string } {
  if (!isStoredItem(item)) throw new StoreRefusal('One or more parameter values were invalid: the key');
  checkKey(item);
  const { pk, sk, ...values } = item;
  const text = storedText(values);
  // The exact size walks the item again: only needed when the text is long enough for the
  // estimate to pass the limit (see MAX_SIZE_PER_JSON_CHARACTER).
  const bound = (text.length + pk.length + sk.length + KEY_NAMES_CHARACTERS) * MAX_SIZE_PER_JSON_CHARACTER;
  if (
    bound > DYNAMODB_ITEM_LIMIT_BYTES &&
    itemSizeBytes(parsed(text, { pk, sk })) > DYNAMODB_ITEM_LIMIT_BYTES
  ) {
    throw new StoreRefusal('Item size has exceeded the maximum allowed size');
  }
  return { key: { pk, sk }, text };
}

/** `"pk":`, `"sk":` and their quotes and commas, as the key attributes would add to the text. */
const KEY_NAMES_CHARACTERS = 16;

/**
 * The same text as one flat string. A key built by joining parts is, in V8, a chain of cons
 * strings (32 bytes each, each keeping its parts alive); a map keeps its keys for the whole
 * backtest, where the chains measured some 150 bytes a key. A JSON round trip is the portable way
 * to get a fresh sequential copy.
 */
function flatCopy(text: string): string {
  const copy: unknown = JSON.parse(JSON.stringify(text));
  return typeof copy === 'string' ? copy : text;
}

function parsed(text: string, key: ItemKey): StoredItem {
  const values: unknown = JSON.parse(text);
  if (typeof values !== 'object' || values === null)
    throw new Error(`the item ${key.pk} ${key.sk} is not an object`);
  return { pk: key.pk, sk: key.sk, ...values };
}
