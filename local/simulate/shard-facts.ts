import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutcomeFact, type OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';
import { JourneyFold } from './journey-fold.ts';
import type { SimulatedJourney } from './simulation-report.ts';

/** The lines of a shard's facts are written in chunks of about this size. */
const FLUSH_AT_CHARACTERS = 256 * 1024;

/**
 * Where a shard's outcome facts go: each to the shard's JSON-lines file, which the report reads
 * through DuckDB with the SQL of a deployment, and into the fold of the report's journey list.
 * Nothing of them stays in memory but that list.
 */
export class ShardFacts implements OutcomeSink {
  private readonly fold = new JourneyFold();
  private closing: Promise<void> | undefined;
  /** Lines not yet written: a write per fact costs a backtest more than the fact itself. */
  private pending: string[] = [];
  private pendingLength = 0;

  private constructor(private readonly stream: ReturnType<typeof createWriteStream>) {}

  static async open(file: string): Promise<ShardFacts> {
    await mkdir(dirname(file), { recursive: true });
    const stream = createWriteStream(file, { flags: 'a' });
    await once(stream, 'open');
    return new ShardFacts(stream);
  }

  readonly append = async (facts: readonly OutcomeFact[]): Promise<void> => {
    for (const raw of facts) {
      const fact = OutcomeFact.parse(raw);
      this.fold.add(fact);
      const line = `${JSON.stringify(fact)}\n`;
      this.pending.push(line);
      this.pendingLength += line.length;
    }
    if (this.pendingLength >= FLUSH_AT_CHARACTERS) await this.flush();
  };

  private async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  /** Closes the file once all is written (again: waits for the first close); the journeys the facts told of. */
  async close(): Promise<SimulatedJourney[]> {
    this.closing ??= (async () => {
      await this.flush();
      this.stream.end();
      await once(this.stream, 'close');
    })();
    await this.closing;
    return this.fold.journeys();
  }
}
