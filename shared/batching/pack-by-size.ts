/**
 * Cuts items into consecutive groups, in order, each within a total size and a count: what fits
 * one call (Firehose's PutRecordBatch, a query's text). An item larger than the whole limit goes
 * alone into its group; a caller that must refuse it checks before.
 */
export function packBySize<T>(
  items: Iterable<T>,
  sizeOf: (item: T) => number,
  limits: { readonly size: number; readonly count?: number },
): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let currentSize = 0;
  for (const item of items) {
    const size = sizeOf(item);
    const full =
      current.length >= (limits.count ?? Number.POSITIVE_INFINITY) || currentSize + size > limits.size;
    if (current.length > 0 && full) {
      groups.push(current);
      current = [];
      currentSize = 0;
    }
    current.push(item);
    currentSize += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
