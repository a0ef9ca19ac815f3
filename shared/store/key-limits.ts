import { createHash } from 'node:crypto';
import { utf8Bytes } from './item-size.ts';

/** DynamoDB's limits on key values, in UTF-8 bytes. */
export const KEY_LIMIT_BYTES = { partition: 2048, sort: 1024 } as const;

/**
 * A part of a key that comes from outside Parcours (a profile id, an event id, a journey key such
 * as a cart id, an execution name): its length is whatever the sender chose.
 */
export type ExternalPart = { readonly external: string };
export type KeyPart = string | ExternalPart;

export const external = (value: string): ExternalPart => ({ external: value });

const SEPARATOR = '#';
const READABLE_PREFIX_BYTES = 32;
const DIGEST_MARK = 'h:';
const DIGEST_FORM = /^h:[0-9a-f]{64}:/;
/** A byte that never occurs in UTF-8 text. */
const NOT_UTF8 = Buffer.from([0xff]);

/**
 * Joins the parts of a key with `#`. A key that fits its limit is left exactly as it always was;
 * one that does not has its external parts replaced by their digest, longest first, until it
 * fits. The replacement depends only on the parts, so the same inputs always give the same key
 * and the item is found again. An external part that already has the digest form is always
 * replaced, so a sender cannot forge the key another value was given, and so is one holding a lone
 * surrogate, which DynamoDB would store as U+FFFD, one key for values that differ there.
 */
export function fitKey(limitBytes: number, parts: readonly KeyPart[]): string {
  const plain = plainKey(limitBytes, parts);
  if (plain !== undefined) return plain;
  const texts = parts.map((part) =>
    typeof part !== 'string' && mustDigest(part.external) ? digestPart(part.external) : textOf(part),
  );
  const byLength = parts
    .map((part, index) => ({ part, index }))
    .filter(({ part }) => typeof part !== 'string')
    .sort((a, b) => utf8Bytes(textOf(b.part)) - utf8Bytes(textOf(a.part)) || a.index - b.index);
  for (const { part, index } of byLength) {
    if (utf8Bytes(texts.join(SEPARATOR)) <= limitBytes) break;
    texts[index] = digestPart(textOf(part));
  }
  const key = texts.join(SEPARATOR);
  // Only Parcours' own constant parts remain at full length: a key too long now is a bug here.
  if (utf8Bytes(key) > limitBytes) throw new Error(`key "${key.slice(0, 64)}…" exceeds ${limitBytes} bytes`);
  return key;
}

/**
 * The key joined as it is, when it surely fits (a UTF-16 unit is at most 3 UTF-8 bytes) and no
 * external part has the digest form: what almost every key is, without measuring or sorting.
 */
function plainKey(limitBytes: number, parts: readonly KeyPart[]): string | undefined {
  let key = '';
  for (const [index, part] of parts.entries()) {
    const text = typeof part === 'string' ? part : part.external;
    if (typeof part !== 'string' && mustDigest(text)) return undefined;
    key = index === 0 ? text : `${key}${SEPARATOR}${text}`;
  }
  return key.length * 3 <= limitBytes ? key : undefined;
}

/** An external part that is never kept as it is: see fitKey. */
function mustDigest(text: string): boolean {
  return (text.startsWith(DIGEST_MARK) && DIGEST_FORM.test(text)) || !text.isWellFormed();
}

/**
 * `h:<sha256 hex>:<readable prefix>`: the digest keeps distinct values apart, the prefix lets an
 * engineer reading the table recognise the value (a cart id, an event id). A value holding a lone
 * surrogate is digested by its UTF-16 units (as UTF-8 it would be U+FFFD, the same for every lone
 * surrogate) after a byte no UTF-8 text holds, so that no well-formed value's digest is its own,
 * and shown with U+FFFD in its place.
 */
export function digestPart(value: string): string {
  const wellFormed = value.isWellFormed();
  const digest = createHash('sha256')
    .update(wellFormed ? value : Buffer.concat([NOT_UTF8, Buffer.from(value, 'utf16le')]))
    .digest('hex');
  return `${DIGEST_MARK}${digest}:${prefixOfBytes(value.toWellFormed(), READABLE_PREFIX_BYTES)}`;
}

/** A value kept in an item (not a key) whose length must stay bounded: digested when longer. */
export function boundedText(value: string, maxBytes: number): string {
  return utf8Bytes(value) <= maxBytes && !DIGEST_FORM.test(value) ? value : digestPart(value);
}

function textOf(part: KeyPart): string {
  return typeof part === 'string' ? part : part.external;
}

/** The longest prefix of whole characters that fits in `maxBytes`. */
export function prefixOfBytes(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const character of text) {
    bytes += utf8Bytes(character);
    if (bytes > maxBytes) break;
    end += character.length;
  }
  return text.slice(0, end);
}
