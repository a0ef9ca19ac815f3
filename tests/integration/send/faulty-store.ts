import type { ItemStore } from '../../../shared/store/item-store.ts';
import { keys, SORT_PREFIX } from '../../../shared/store/keys.ts';

/** When an injected store fault strikes: before the write reaches the store, or after it did. */
export type FaultTiming = 'before-write' | 'after-write';

/** One write through the store port: what it is and the item it writes. */
export type Write = {
  readonly kind: 'put' | 'update' | 'delete';
  readonly sortKey: string;
  /** The outcome attribute a put writes (ledger records). */
  readonly outcome?: unknown;
};

/** A write to the send ledger: the claim, the call-started mark, an outcome, a release. */
export function isLedgerWrite(write: Write): boolean {
  return write.sortKey.startsWith(SORT_PREFIX.ledger);
}

/** A write of the customer's frequency-cap item: a reservation or a release. */
export function isCapWrite(write: Write): boolean {
  return write.sortKey === keys.caps('any').sk;
}

/** What a selected write did, in words a test can compare: `put sending`, `update`, `delete`. */
function describeWrite(write: Write): string {
  return write.kind === 'put' ? `put ${String(write.outcome ?? '?')}` : write.kind;
}

/**
 * The same store, except that it fails the `nth` write (1-based) picked by `selects`, and, with
 * `outage`, every such write after it: an invocation that dies there. `writes` counts the
 * selected writes tried, struck or not; `written` describes them in order.
 */
export function faultyStore(
  healthy: ItemStore,
  fault: {
    readonly nth: number;
    readonly timing: FaultTiming;
    readonly selects?: (write: Write) => boolean;
    readonly outage?: boolean;
  },
): ItemStore & {
  readonly faults: () => number;
  readonly writes: () => number;
  readonly written: () => readonly string[];
} {
  const selects = fault.selects ?? isLedgerWrite;
  let seen = 0;
  let faults = 0;
  const described: string[] = [];
  const guarded = async <T>(write: Write, perform: () => Promise<T>): Promise<T> => {
    if (!selects(write)) return perform();
    seen += 1;
    described.push(describeWrite(write));
    const strikes = seen === fault.nth || (fault.outage === true && seen > fault.nth);
    if (!strikes) return perform();
    faults += 1;
    if (fault.timing === 'after-write') await perform();
    throw Object.assign(new Error('injected store fault'), { name: 'InternalServerError' });
  };
  return {
    get: (key, options) => healthy.get(key, options),
    query: (partition, range) => healthy.query(partition, range),
    scan: (options) => healthy.scan(options),
    scanSegment: (request) => healthy.scanSegment(request),
    putMany: (items) => healthy.putMany(items),
    put: (item, options) =>
      guarded({ kind: 'put', sortKey: item.sk, outcome: item.outcome }, () => healthy.put(item, options)),
    set: (key, values, options) =>
      guarded({ kind: 'update', sortKey: key.sk }, () => healthy.set(key, values, options)),
    delete: (key, options) =>
      guarded({ kind: 'delete', sortKey: key.sk }, () => healthy.delete(key, options)),
    faults: () => faults,
    writes: () => seen,
    written: () => [...described],
  };
}
