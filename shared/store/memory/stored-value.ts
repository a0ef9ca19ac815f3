import { STORE_REFUSAL } from '../item-store.ts';

/** Refused the way DynamoDB refuses a request it cannot hold, so callers handle both alike. */
export class StoreRefusal extends Error {
  override readonly name = STORE_REFUSAL;
}

/**
 * The JSON text of a value as the store keeps it (see storedCopy). The value is only walked to
 * check it, then serialised as it is: JSON.stringify already leaves out undefined properties. A
 * list with an undefined element, which JSON would turn into null where the document client
 * removes it, is copied first.
 */
export function storedText(value: unknown): string {
  return JSON.stringify(checkStorable(value, 'item') ? value : storedCopy(value, 'item'));
}

/** Refuses what storedCopy refuses; whether JSON.stringify gives the text of storedCopy's copy. */
function checkStorable(value: unknown, path: string): boolean {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') {
    checkNumber(value, path);
    return true;
  }
  if (Array.isArray(value)) {
    let plain = true;
    for (let index = 0; index < value.length; index += 1) {
      const element: unknown = value[index];
      if (element === undefined) plain = false;
      else if (!checkStorable(element, `${path}[${index}]`)) plain = false;
    }
    return plain;
  }
  if (typeof value === 'object' && isPlainOrBare(value)) {
    let plain = true;
    for (const key of Object.keys(value)) {
      const element: unknown = Reflect.get(value, key);
      if (element !== undefined && !checkStorable(element, `${path}.${key}`)) plain = false;
    }
    return plain;
  }
  throw new StoreRefusal(`${path}: Unsupported type passed: ${typeof value}`);
}

/** The number, when DynamoDB holds it: refused when not finite or an integer past 2^53. */
function checkNumber(value: number, path: string): number {
  if (!Number.isFinite(value)) throw new StoreRefusal(`${path}: ${value} is not a number DynamoDB holds`);
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    throw new StoreRefusal(`${path}: Number ${value} is greater than Number.MAX_SAFE_INTEGER`);
  }
  return value;
}

function isPlainOrBare(value: object): boolean {
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * A copy of a value as the store keeps it, so nothing the caller does later changes what is
 * stored: undefined values are removed (the document client's `removeUndefinedValues`), and what
 * DynamoDB cannot hold is refused as it would be (non-finite numbers, numbers past 2^53 that the
 * document client refuses to marshal, class instances, functions).
 */
function storedCopy(value: unknown, path: string): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return checkNumber(value, path);
  if (Array.isArray(value)) {
    const list: unknown[] = [];
    for (const [index, element] of value.entries()) {
      if (element !== undefined) list.push(storedCopy(element, `${path}[${index}]`));
    }
    return list;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const map: Record<string, unknown> = {};
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) map[key] = storedCopy(element, `${path}.${key}`);
    }
    return map;
  }
  if (typeof value === 'object' && Object.getPrototypeOf(value) === null) {
    return storedCopy({ ...value }, path);
  }
  throw new StoreRefusal(`${path}: Unsupported type passed: ${typeof value}`);
}

/**
 * DynamoDB orders sort keys by their UTF-8 bytes, which is code point order. JavaScript's `<`
 * compares UTF-16 code units, which differs for characters past U+FFFF against those from U+E000
 * to U+FFFF (the `\uffff` that closes an event range among them): compared by code point here.
 */
export function compareSortKeys(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const left = a.charCodeAt(index);
    const right = b.charCodeAt(index);
    if (left === right) continue;
    // Below the surrogates both orders agree; past them a surrogate (a code point past U+FFFF)
    // sorts after every other unit.
    if (left < 0xd800 && right < 0xd800) return left - right;
    return surrogateRank(left) - surrogateRank(right);
  }
  return a.length - b.length;
}

function surrogateRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}
