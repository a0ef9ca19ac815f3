import type { ItemKey } from './keys.ts';

/**
 * The store port: the few item operations Parcours' stores need, with conditions as data rather
 * than DynamoDB expression text, so that an adapter other than DynamoDB (the in-memory one that
 * `simulate` runs on) can evaluate them. Every store of the domain (profiles, events, journeys,
 * ledger, caps, waits) is written once against this port; the contract suite in
 * tests/integration/store runs the same cases on both adapters.
 *
 * Semantics are DynamoDB's: reads are strongly consistent; a conditional write that fails its
 * condition changes nothing and answers `false`; a request the store cannot hold (an item over
 * 400 KB, a key over its limit, a value it cannot represent) throws an error named
 * `ValidationException`; items are compared and returned in sort-key order (UTF-8 byte order).
 */
export interface ItemStore {
  /** The item at `key`, or undefined; `attributes` limits what is read (saves reading large items). */
  get(key: ItemKey, options?: { readonly attributes?: readonly string[] }): Promise<StoredItem | undefined>;
  /** Writes the whole item (its key is in it); false when `condition` does not hold. */
  put(item: StoredItem, options?: WriteOptions): Promise<boolean>;
  /** Sets attributes of an item, creating it when absent; false when `condition` does not hold. */
  set(key: ItemKey, values: Readonly<Record<string, unknown>>, options?: WriteOptions): Promise<boolean>;
  /** Deletes an item; false when `condition` does not hold (a missing item is deleted already). */
  delete(key: ItemKey, options?: WriteOptions): Promise<boolean>;
  /** Every item of a partition whose sort key is in `range`, in sort-key order, however many pages. */
  query(partition: string, range?: SortKeyRange): Promise<StoredItem[]>;
  /** Items of every partition whose sort key starts with `prefix` (local tools only: a full scan). */
  scan(options: { readonly sortKeyPrefix?: string; readonly limit?: number }): Promise<StoredItem[]>;
  /**
   * One page of one segment of a parallel scan (DynamoDB's Segment of TotalSegments): every
   * partition is in exactly one segment, and reading each segment's pages to the end reads each
   * item whose sort key starts with `sortKeyPrefix` once. A page may hold no item and still have a
   * `next`; `after` is where a page starts, the previous page's `next`.
   */
  scanSegment(request: SegmentScan): Promise<SegmentPage>;
  /** Unconditional writes of many items (seeding a simulation). */
  putMany(items: readonly StoredItem[]): Promise<void>;
}

export type SegmentScan = {
  readonly segment: number;
  readonly segments: number;
  readonly sortKeyPrefix?: string | undefined;
  readonly after?: string | undefined;
};

export type SegmentPage = { readonly items: StoredItem[]; readonly next?: string | undefined };

export type StoredItem = Record<string, unknown> & ItemKey;

export type WriteOptions = { readonly condition?: Condition };

export type SortKeyRange =
  | { readonly prefix: string }
  /** Both bounds included. */
  | { readonly from: string; readonly to: string };

export type ComparisonOperator = '=' | '<' | '<=';

/**
 * A condition on the item as stored before the write. An absent item has no attributes: `missing`
 * holds for every attribute, and every comparison is false.
 */
export type Condition =
  | { readonly kind: 'exists'; readonly attribute: string }
  | { readonly kind: 'missing'; readonly attribute: string }
  | {
      readonly kind: 'compare';
      readonly attribute: string;
      readonly operator: ComparisonOperator;
      readonly value: string | number;
    }
  | { readonly kind: 'and' | 'or'; readonly conditions: readonly Condition[] };

const ITEM_ABSENT: Condition = { kind: 'missing', attribute: 'pk' };
const ITEM_PRESENT: Condition = { kind: 'exists', attribute: 'pk' };

/** Builders that read like the conditions they make: `or(itemAbsent, equals('eventId', id))`. */
export const when = {
  exists: (attribute: string): Condition => ({ kind: 'exists', attribute }),
  missing: (attribute: string): Condition => ({ kind: 'missing', attribute }),
  equals: (attribute: string, value: string | number): Condition => compare(attribute, '=', value),
  before: (attribute: string, value: string | number): Condition => compare(attribute, '<', value),
  atOrBefore: (attribute: string, value: string | number): Condition => compare(attribute, '<=', value),
  and: (...conditions: Condition[]): Condition => ({ kind: 'and', conditions }),
  or: (...conditions: Condition[]): Condition => ({ kind: 'or', conditions }),
  /** No item at the key (its partition key attribute is missing). */
  itemAbsent: ITEM_ABSENT,
  itemPresent: ITEM_PRESENT,
} as const;

function compare(attribute: string, operator: ComparisonOperator, value: string | number): Condition {
  return { kind: 'compare', attribute, operator, value };
}

/** The error name both adapters give a request the store cannot hold (DynamoDB's own). */
export const STORE_REFUSAL = 'ValidationException';

/** Whether a record read back has the key every stored item has. */
export function isStoredItem(value: unknown): value is StoredItem {
  return (
    typeof value === 'object' &&
    value !== null &&
    'pk' in value &&
    'sk' in value &&
    typeof value.pk === 'string' &&
    typeof value.sk === 'string'
  );
}
