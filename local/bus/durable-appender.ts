import { type FileHandle, open } from 'node:fs/promises';
import { dirname } from 'node:path';

type Waiting = {
  readonly text: string;
  readonly durable: boolean;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
};

/**
 * Appends lines to one file through a single writer. Lines asked for while a write is under way go
 * out together in the next write, with one fsync for all of them (group commit): a burst of
 * PutEvents calls costs a few fsyncs, not one each.
 *
 * A durable line resolves once fdatasync returned, so it survives a power cut; other lines resolve
 * once written, which already survives the process being killed (the kernel holds them).
 */
export class DurableAppender {
  private waiting: Waiting[] = [];
  private draining: Promise<void> | undefined;

  private constructor(
    private handle: FileHandle,
    private readonly path: string,
    /** Runs between two writes, when nothing is half-written: the moment to compact. */
    private readonly betweenWrites: (bytesWritten: number) => Promise<void>,
    private bytesWritten: number,
  ) {}

  static async open(
    path: string,
    betweenWrites: (bytesWritten: number) => Promise<void> = async () => undefined,
  ): Promise<DurableAppender> {
    const handle = await open(path, 'a');
    const { size } = await handle.stat();
    return new DurableAppender(handle, path, betweenWrites, size);
  }

  append(text: string, durable: boolean): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ text, durable, resolve, reject });
      this.draining ??= this.drain().finally(() => {
        this.draining = undefined;
      });
    });
  }

  /** Swaps the file under the writer for one renamed over it; called from `betweenWrites` only. */
  async reopen(): Promise<void> {
    await this.handle.close();
    this.handle = await open(this.path, 'a');
    this.bytesWritten = (await this.handle.stat()).size;
  }

  async close(): Promise<void> {
    await this.draining;
    await this.handle.close();
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      const text = batch.map((line) => line.text).join('');
      try {
        await this.handle.appendFile(text, 'utf8');
        if (batch.some((line) => line.durable)) await this.handle.datasync();
        this.bytesWritten += Buffer.byteLength(text, 'utf8');
        for (const line of batch) line.resolve();
      } catch (error) {
        for (const line of batch) line.reject(error);
      }
      await this.betweenWrites(this.bytesWritten);
    }
  }
}

/** A new or renamed file is only durable once its folder's entry is: fsync the folder too. */
export async function syncFolderOf(path: string): Promise<void> {
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}
