/** The arena's buffers: large enough that an item (at most 400 KB) rarely needs one of its own. */
const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Garbage (texts replaced or deleted) is squeezed out once it is this share of the live texts
 * and more than a chunk: the compaction moves the live bytes only. A tenth keeps a backtest's
 * store within a tenth of what it holds, for a compaction every time a tenth of it has been
 * rewritten: copying live bytes costs less than a hundredth of a backtest's time.
 */
export const COMPACT_AT_GARBAGE_SHARE = 0.1;

/** A slot's chunk index when the slot is free. */
const FREE = -1;

/** More than any chunk's length, so that chunk × span + offset orders places (2^31: offsets are int32). */
const CHUNK_SPAN = 2 ** 31;

/**
 * Texts kept outside V8's heap, written one after another into large buffers, each found again
 * by a slot number. A backtest rewrites its items several times each (a send's ledger record
 * three times), and as strings on the heap the dead versions left the heap about twice as large
 * as what it held, even right after a full collection; here the dead bytes are counted, and
 * copied away once they pass a tenth of the live ones. Written here rather than taken from a
 * package: it is four operations (store, read, release, compact) fitted to the store's use.
 */
export class TextArena {
  private chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  /** Three numbers a slot: chunk index (FREE when free), offset, length in bytes. */
  private slots = new Int32Array(3 * 1024);
  private slotCount = 0;
  private readonly freeSlots: number[] = [];
  private liveBytes = 0;
  private deadBytes = 0;

  /** Stores the text in a new slot, or in place of the slot's text. */
  store(text: string, slot?: number): number {
    const bytes = Buffer.byteLength(text, 'utf8');
    if (slot !== undefined) this.forget(slot);
    const target = slot ?? this.newSlot();
    const { chunk, offset } = this.room(bytes);
    this.chunkAt(chunk).write(text, offset, bytes, 'utf8');
    this.place(target, chunk, offset, bytes);
    this.liveBytes += bytes;
    this.compactIfWasteful();
    return target;
  }

  read(slot: number): string {
    const [chunk, offset, length] = this.slotAt(slot);
    return this.chunkAt(chunk).toString('utf8', offset, offset + length);
  }

  /** Frees the slot; its bytes are garbage until the next compaction. */
  release(slot: number): void {
    this.forget(slot);
    this.place(slot, FREE, 0, 0);
    this.freeSlots.push(slot);
  }

  /** Bytes held in buffers, live and dead (for tests and measurements). */
  get heldBytes(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  private forget(slot: number): void {
    const [, , length] = this.slotAt(slot);
    this.liveBytes -= length;
    this.deadBytes += length;
  }

  private newSlot(): number {
    const reused = this.freeSlots.pop();
    if (reused !== undefined) return reused;
    if (3 * (this.slotCount + 1) > this.slots.length) {
      const grown = new Int32Array(this.slots.length * 2);
      grown.set(this.slots);
      this.slots = grown;
    }
    this.slotCount += 1;
    return this.slotCount - 1;
  }

  /** Where `bytes` more fit: the end of the last chunk, or a new chunk. */
  private room(bytes: number): { chunk: number; offset: number } {
    const last = this.chunks.length - 1;
    const lastChunk = this.chunks[last];
    if (lastChunk !== undefined && this.used + bytes <= lastChunk.length) {
      const offset = this.used;
      this.used += bytes;
      return { chunk: last, offset };
    }
    // allocUnsafeSlow: a buffer of its own, never a slice of Node's shared pool.
    this.chunks.push(Buffer.allocUnsafeSlow(Math.max(CHUNK_BYTES, bytes)));
    this.used = bytes;
    return { chunk: this.chunks.length - 1, offset: 0 };
  }

  /**
   * Slides the live texts down over the dead ones, in the order they lie in, chunk after chunk:
   * nothing is held twice, so a compaction never raises the memory it is there to lower. A text
   * never moves forward, since the write position stays at or before the read position.
   */
  private compactIfWasteful(): void {
    if (this.deadBytes <= CHUNK_BYTES || this.deadBytes <= this.liveBytes * COMPACT_AT_GARBAGE_SHARE) return;
    let target = 0;
    let used = 0;
    for (const slot of this.slotsInPlaceOrder()) {
      const [chunk, offset, length] = this.slotAt(slot);
      if (used + length > this.chunkAt(target).length) {
        target += 1;
        used = 0;
      }
      // copy() moves overlapping bytes correctly within one buffer.
      this.chunkAt(chunk).copy(this.chunkAt(target), used, offset, offset + length);
      this.place(slot, target, used, length);
      used += length;
    }
    this.chunks.length = Math.min(this.chunks.length, target + 1);
    this.used = used;
    this.deadBytes = 0;
  }

  /** The slots in use, by where their text lies: chunk, then offset. */
  private slotsInPlaceOrder(): Int32Array {
    const inUse = new Int32Array(this.slotCount - this.freeSlots.length);
    let count = 0;
    for (let slot = 0; slot < this.slotCount; slot += 1) {
      if (this.slots[3 * slot] !== FREE) inUse[count++] = slot;
    }
    const position = (slot: number) =>
      (this.slots[3 * slot] ?? 0) * CHUNK_SPAN + (this.slots[3 * slot + 1] ?? 0);
    return inUse.subarray(0, count).sort((a, b) => position(a) - position(b));
  }

  private place(slot: number, chunk: number, offset: number, length: number): void {
    this.slots[3 * slot] = chunk;
    this.slots[3 * slot + 1] = offset;
    this.slots[3 * slot + 2] = length;
  }

  private slotAt(slot: number): [chunk: number, offset: number, length: number] {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slotCount)
      throw new Error(`text arena: no slot ${slot}`);
    return [this.slots[3 * slot] ?? FREE, this.slots[3 * slot + 1] ?? 0, this.slots[3 * slot + 2] ?? 0];
  }

  private chunkAt(index: number): Buffer {
    const chunk = this.chunks[index];
    if (chunk === undefined) throw new Error(`text arena: no chunk ${index}`);
    return chunk;
  }
}
