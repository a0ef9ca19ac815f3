import { isRecord } from '../store/field-path.ts';
import { utf8Bytes, valueSizeBytes } from '../store/item-size.ts';
import { prefixOfBytes } from '../store/key-limits.ts';

/**
 * The fields of a value listed by `fields` (paths inside the value), nested as in the value. A
 * path through a list keeps that field of every element, as the event paths of conditions do.
 */
export function projectValue(value: unknown, fields: readonly string[]): unknown {
  return project(
    value,
    fields.map((field) => field.split('.')),
  );
}

function project(value: unknown, paths: readonly (readonly string[])[]): unknown {
  if (paths.some((path) => path.length === 0)) return value;
  if (Array.isArray(value)) {
    return value.map((element) => project(element, paths)).filter((element) => element !== undefined);
  }
  if (!isRecord(value)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const first of new Set(paths.map((path) => path[0]))) {
    if (first === undefined || !Object.hasOwn(value, first)) continue;
    const below = paths.filter((path) => path[0] === first).map((path) => path.slice(1));
    const projected = project(value[first], below);
    if (projected !== undefined) kept[first] = projected;
  }
  return Object.keys(kept).length === 0 ? undefined : kept;
}

/** A value cut to a size, and what was cut (for the warning). `value` is undefined when nothing fit. */
export type LimitedValue = { readonly value: unknown; readonly cuts: readonly string[] };

/**
 * Cuts a value until it takes at most `maxBytes` (as DynamoDB counts them): the tail of the largest
 * list first (the last lines of a cart matter least), then the largest field, and a text too long
 * on its own is shortened. Returns the value unchanged, without cuts, when it already fits.
 */
export function limitValue(value: unknown, maxBytes: number): LimitedValue {
  if (valueSizeBytes(value) <= maxBytes) return { value, cuts: [] };
  let current = structuredClone(value);
  // Lists by identity: a list cut twice is reported once, with its length before the first cut.
  const cutLists = new Map<unknown[], { readonly path: string; readonly before: number }>();
  const notes: string[] = [];
  const report = () => [
    ...[...cutLists.entries()].map(
      ([array, { path, before }]) => `${path || 'the value'}: kept ${array.length} of ${before} elements`,
    ),
    ...notes,
  ];
  for (let size = valueSizeBytes(current); size > maxBytes; size = valueSizeBytes(current)) {
    const list = largest(listsIn(current, ''));
    if (list !== undefined) {
      if (!cutLists.has(list.array)) cutLists.set(list.array, { path: list.path, before: list.array.length });
      let removed = 0;
      while (removed < size - maxBytes && list.array.length > 0) {
        removed += 1 + valueSizeBytes(list.array.pop());
      }
      continue;
    }
    const field = largest(fieldsIn(current, ''));
    if (field !== undefined) {
      delete field.parent[field.key];
      notes.push(`${field.path}: dropped`);
      continue;
    }
    const text = current;
    if (typeof text !== 'string') return { value: undefined, cuts: [...report(), 'the value: dropped'] };
    const cut = prefixOfBytes(text, maxBytes);
    notes.push(`the text: cut from ${utf8Bytes(text)} to ${utf8Bytes(cut)} bytes`);
    current = cut;
  }
  return { value: current, cuts: report() };
}

type Sized = { readonly size: number; readonly path: string };
type ListAt = Sized & { readonly array: unknown[] };
type FieldAt = Sized & { readonly parent: Record<string, unknown>; readonly key: string };

function largest<T extends Sized>(candidates: readonly T[]): T | undefined {
  let best: T | undefined;
  for (const candidate of candidates) if (best === undefined || candidate.size > best.size) best = candidate;
  return best;
}

/** Every non-empty list in the value, nested ones included. */
function listsIn(value: unknown, path: string): ListAt[] {
  if (Array.isArray(value)) {
    const own: ListAt[] = value.length > 0 ? [{ array: value, path, size: valueSizeBytes(value) }] : [];
    return [...own, ...value.flatMap((element, index) => listsIn(element, `${path}[${index}]`))];
  }
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, element]) => listsIn(element, join(path, key)));
}

/** Every field of every object in the value (lists are empty by the time fields are dropped). */
function fieldsIn(value: unknown, path: string): FieldAt[] {
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, element]) => [
    { parent: value, key, path: join(path, key), size: utf8Bytes(key) + valueSizeBytes(element) },
    ...fieldsIn(element, join(path, key)),
  ]);
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}
