/** DynamoDB refuses an item larger than this, counting attribute names and values. */
export const DYNAMODB_ITEM_LIMIT_BYTES = 400 * 1024;

/**
 * What an item that grows with a customer's history (the aggregates) may use. The 50 KB margin
 * below the hard limit absorbs what the estimate cannot know in advance (a version number one
 * digit longer, attributes another writer adds), so a write measured under it never fails.
 */
export const ITEM_BUDGET_BYTES = 350 * 1024;

/**
 * An upper estimate of an item's stored size, following DynamoDB's published rules: attribute
 * names and strings count their UTF-8 bytes, a number at most 21 bytes, a boolean or null 1 byte,
 * and a map or list 3 bytes plus 1 byte per element on top of its elements (a map's keys count as
 * names). Counting every number at its maximum is what makes this an upper bound; dynalite counts
 * strings in UTF-16 code units, which never exceeds their UTF-8 bytes.
 */
export function itemSizeBytes(item: Readonly<Record<string, unknown>>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) {
    if (value === undefined) continue;
    size += utf8Bytes(name) + valueSizeBytes(value);
  }
  return size;
}

/** The stored size of one attribute value (see itemSizeBytes). */
export function valueSizeBytes(value: unknown): number {
  if (typeof value === 'string') return utf8Bytes(value);
  if (typeof value === 'number' || typeof value === 'bigint') return MAX_NUMBER_BYTES;
  if (typeof value === 'boolean' || value === null) return 1;
  if (Array.isArray(value)) {
    let size = CONTAINER_BYTES;
    for (const element of value) if (element !== undefined) size += 1 + valueSizeBytes(element);
    return size;
  }
  if (typeof value === 'object') {
    let size = CONTAINER_BYTES;
    for (const [key, element] of Object.entries(value)) {
      if (element !== undefined) size += 1 + utf8Bytes(key) + valueSizeBytes(element);
    }
    return size;
  }
  // undefined and functions are not stored (the document client removes undefined values).
  return 0;
}

/** Whether the text's UTF-8 form fits in `limit` bytes: measured only when it might not. */
export function fitsBytes(text: string, limit: number): boolean {
  // A UTF-16 unit is at most 3 UTF-8 bytes.
  return text.length * 3 <= limit || utf8Bytes(text) <= limit;
}

/** A size as messages give it: whole kilobytes, rounded up, so a size just over a limit reads as over it. */
export function kilobytes(bytes: number): string {
  return `${Math.ceil(bytes / 1024)} KB`;
}

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** A DynamoDB number holds up to 38 significant digits in at most 21 bytes. */
const MAX_NUMBER_BYTES = 21;
const CONTAINER_BYTES = 3;

/**
 * No part of a value costs itemSizeBytes more than this per character of its JSON text: a
 * one-digit number is counted 21 bytes; a string at most 3 bytes per UTF-16 unit, plus quotes in
 * the text; a container 3 bytes and each element 1, where the text has brackets and commas. So
 * an item whose text times this is under a limit is under it without walking the item.
 */
export const MAX_SIZE_PER_JSON_CHARACTER = MAX_NUMBER_BYTES;
