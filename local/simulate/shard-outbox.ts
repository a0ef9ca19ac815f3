import { NO_HTML, type Outbox, OutboxEntry } from '../outbox/outbox.ts';
import { JsonLinesFile, readJsonLines } from './json-lines-file.ts';

/**
 * A simulation shard's outbox: every message goes to the shard's file as the outbox keeps it,
 * not into the shard's memory, where a backtest of a million journeys would hold over a million
 * messages until its end. The report reads the file once the shard is done.
 */
export class ShardOutbox implements Outbox {
  private constructor(private readonly file: JsonLinesFile) {}

  static async open(path: string): Promise<ShardOutbox> {
    return new ShardOutbox(await JsonLinesFile.open(path));
  }

  async add(entry: OutboxEntry): Promise<void> {
    await this.file.append(entry);
  }

  async list(): Promise<OutboxEntry[]> {
    await this.file.flush();
    return readJsonLines(this.file.path, OutboxEntry);
  }

  readonly html = NO_HTML;

  close(): Promise<void> {
    return this.file.close();
  }
}
