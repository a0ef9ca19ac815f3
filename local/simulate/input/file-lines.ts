import { createReadStream } from 'node:fs';

/** One line of a file, with where its bytes are, so it can be read again without the others. */
export type FileLine = {
  readonly text: string;
  /** 1-based, counting blank lines, as an editor shows it. */
  readonly number: number;
  readonly offset: number;
  /** In bytes, without the line break. */
  readonly length: number;
};

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/**
 * The non-blank lines of a file, a chunk at a time: a backtest's input runs to gigabytes, which
 * must never be in memory at once. Byte positions rather than characters, since that is what a
 * positioned read takes (see IndexedLines).
 */
export async function* fileLines(path: string): AsyncGenerator<FileLine> {
  let pending: Buffer = Buffer.alloc(0);
  let pendingOffset = 0;
  let number = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    if (!Buffer.isBuffer(chunk)) throw new TypeError('a file stream gave text, not bytes');
    const buffer = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let start = 0;
    for (let end = buffer.indexOf(NEWLINE, start); end !== -1; end = buffer.indexOf(NEWLINE, start)) {
      number += 1;
      const line = lineAt(buffer, start, end, pendingOffset, number);
      if (line !== undefined) yield line;
      start = end + 1;
    }
    // Copied, so the chunk it came from can be collected.
    pending = Buffer.from(buffer.subarray(start));
    pendingOffset += start;
  }
  if (pending.length > 0) {
    const line = lineAt(pending, 0, pending.length, pendingOffset, number + 1);
    if (line !== undefined) yield line;
  }
}

/** The UTF-8 byte order mark some tools (Excel, PowerShell) write at the start of a text file. */
const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);

function lineAt(
  buffer: Buffer,
  lineStart: number,
  end: number,
  base: number,
  number: number,
): FileLine | undefined {
  // Not part of the first line's JSON: left out, so the line reads as it looks in an editor.
  const marked = base + lineStart === 0 && buffer.subarray(0, BYTE_ORDER_MARK.length).equals(BYTE_ORDER_MARK);
  const start = marked ? lineStart + BYTE_ORDER_MARK.length : lineStart;
  const stop = end > start && buffer[end - 1] === CARRIAGE_RETURN ? end - 1 : end;
  const text = buffer.toString('utf8', start, stop);
  if (text.trim() === '') return undefined;
  return { text, number, offset: base + start, length: stop - start };
}
