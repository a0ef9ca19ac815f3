import type { Writable } from 'node:stream';

/** Written in chunks of about this many characters: few writes, and never a string too long. */
const CHUNK_CHARS = 1 << 16;

/**
 * Writes text given in pieces, a chunk at a time, waiting whenever the stream asks to: the report
 * of a million-journey backtest is over a gigabyte, more than one string may hold and more than
 * a pipe should be handed at once.
 */
export async function writePieces(pieces: Iterable<string>, stream: Writable): Promise<void> {
  let chunk = '';
  for (const piece of pieces) {
    chunk += piece;
    if (chunk.length >= CHUNK_CHARS) {
      await write(stream, chunk);
      chunk = '';
    }
  }
  if (chunk !== '') await write(stream, chunk);
}

function write(stream: Writable, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

/**
 * `JSON.stringify(value, null, 2)` in pieces, the same characters (then `end`): the top-level
 * object and arrays are written an entry at a time, each entry stringified on its own.
 */
export function* jsonPieces(value: unknown, depth = 0, end = ''): Generator<string> {
  yield* jsonValuePieces(value, depth);
  if (end !== '') yield end;
}

function* jsonValuePieces(value: unknown, depth: number): Generator<string> {
  const pad = '  '.repeat(depth);
  if (Array.isArray(value)) {
    if (value.length === 0) return yield '[]';
    yield '[';
    for (const [index, element] of value.entries()) {
      yield `${index === 0 ? '' : ','}\n${pad}  `;
      yield* depth < 1 ? jsonValuePieces(element ?? null, depth + 1) : [indented(element ?? null, depth + 1)];
    }
    return yield `\n${pad}]`;
  }
  if (typeof value === 'object' && value !== null && depth < 1) {
    const entries = Object.entries(value).filter(([, field]) => isWritten(field));
    if (entries.length === 0) return yield '{}';
    yield '{';
    for (const [index, [key, field]] of entries.entries()) {
      yield `${index === 0 ? '' : ','}\n${pad}  ${JSON.stringify(key)}: `;
      yield* jsonValuePieces(field, depth + 1);
    }
    return yield `\n${pad}}`;
  }
  yield indented(value, depth);
}

/** What JSON.stringify writes of an object's field (it leaves out undefined and functions). */
function isWritten(value: unknown): boolean {
  return value !== undefined && typeof value !== 'function' && typeof value !== 'symbol';
}

function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2) ?? 'null';
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}
