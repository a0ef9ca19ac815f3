/**
 * Reads a dotted path (`detail.items.productId`) from a JSON document. Lists along the way are
 * flattened, so a path through `items` yields one value per item, as EventBridge patterns do.
 */
export function valuesAt(document: unknown, path: string): unknown[] {
  let current: unknown[] = [document];
  for (const segment of path.split('.')) {
    current = current.flatMap((value) => {
      const items = Array.isArray(value) ? value : [value];
      return items.flatMap((item) => (isRecord(item) && segment in item ? [item[segment]] : []));
    });
  }
  return current.flatMap((value) => (Array.isArray(value) ? value : [value]));
}

/** The value at a dotted path when it is unique, without flattening lists (templates, conditions). */
export function valueAt(document: unknown, path: string): unknown {
  let current = document;
  for (const segment of path.split('.')) {
    if (!isRecord(current) || !(segment in current)) return undefined;
    current = current[segment];
  }
  return current;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
