/**
 * Answers kept for a while: a page over a deployment asks Logs Insights and Step Functions for
 * what a minute does not change much, and each query costs seconds and money. An answer counts
 * its age from when it came (a slow query does not arrive stale), a question asked while the same
 * one runs waits for it rather than asking again, and a failure is forgotten at once.
 */
export function freshFor<T>(
  ms: number,
  now: () => Date,
): (key: string, read: () => Promise<T>) => Promise<T> {
  const kept = new Map<string, { settledAt?: number; value: Promise<T> }>();
  return (key, read) => {
    const found = kept.get(key);
    if (found !== undefined && (found.settledAt === undefined || now().getTime() - found.settledAt < ms))
      return found.value;
    const entry: { settledAt?: number; value: Promise<T> } = { value: read() };
    kept.set(key, entry);
    entry.value.then(
      () => {
        entry.settledAt = now().getTime();
      },
      () => {
        if (kept.get(key) === entry) kept.delete(key);
      },
    );
    return entry.value;
  };
}

/** Each item through `each`, `size` at a time, in order: calls that share a rate quota. */
export async function inBatches<T, R>(
  items: readonly T[],
  size: number,
  each: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size)
    results.push(...(await Promise.all(items.slice(start, start + size).map(each))));
  return results;
}
