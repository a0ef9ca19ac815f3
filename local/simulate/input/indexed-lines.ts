import { type FileHandle, open } from 'node:fs/promises';

/** Where a shard's lines are in a file, in the order they are to be read. */
export type LineIndex = { readonly offsets: Float64Array; readonly lengths: Uint32Array };

/** Read at once: lines in time order mostly lie close together, so one read serves many. */
const WINDOW_BYTES = 4 << 20;

/**
 * Reads the lines of an index one after another, each from its place in the file, through a
 * window of the file kept in memory: a shard holds one window, not its share of the input.
 */
export class IndexedLines {
  private position = 0;
  private window = Buffer.alloc(0);
  /** The file offset of the window's first byte, and how many of its bytes hold the file. */
  private windowStart = 0;
  private filled = 0;

  private constructor(
    private readonly file: FileHandle,
    private readonly index: LineIndex,
  ) {}

  static async open(path: string, index: LineIndex): Promise<IndexedLines> {
    return new IndexedLines(await open(path, 'r'), index);
  }

  get remaining(): number {
    return this.index.offsets.length - this.position;
  }

  /** The next line of the index, or undefined after the last. */
  async next(): Promise<string | undefined> {
    const offset = this.index.offsets[this.position];
    const length = this.index.lengths[this.position];
    if (offset === undefined || length === undefined) return undefined;
    this.position += 1;
    const from = offset - this.windowStart;
    if (from < 0 || from + length > this.filled) await this.fill(offset, length);
    const start = offset - this.windowStart;
    return this.window.toString('utf8', start, start + length);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private async fill(offset: number, length: number): Promise<void> {
    const size = Math.max(WINDOW_BYTES, length);
    if (this.window.length < size) this.window = Buffer.alloc(size);
    const { bytesRead } = await this.file.read(this.window, 0, size, offset);
    if (bytesRead < length)
      throw new Error(`the input file changed while it was simulated (at byte ${offset})`);
    this.windowStart = offset;
    this.filled = bytesRead;
  }
}
