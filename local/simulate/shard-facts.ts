import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { OutcomeFact, type OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';
import { JourneyFold } from './journey-fold.ts';
import type { SimulatedJourney } from './simulation-report.ts';

/**
 * Where a shard's outcome facts go: each to the shard's JSON-lines file, which the report reads
 * through DuckDB with the SQL of a deployment, and into the fold of the report's journey list.
 * Nothing of them stays in memory but that list.
 */
export class ShardFacts implements OutcomeSink {
  private readonly fold = new JourneyFold();
  private closing: Promise<void> | undefined;

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
      if (!this.stream.write(`${JSON.stringify(fact)}\n`)) await once(this.stream, 'drain');
    }
  };

  /** Closes the file once all is written (again: waits for the first close); the journeys the facts told of. */
  async close(): Promise<SimulatedJourney[]> {
    this.closing ??= (async () => {
      this.stream.end();
      await once(this.stream, 'close');
    })();
    await this.closing;
    return this.fold.journeys();
  }
}
