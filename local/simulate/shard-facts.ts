import { OutcomeFact, type OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';
import { JourneyFold } from './journey-fold.ts';
import { JsonLinesFile } from './json-lines-file.ts';
import type { SimulatedJourney } from './simulation-report.ts';

/**
 * Where a shard's outcome facts go: each to the shard's JSON-lines file, which the report reads
 * through DuckDB with the SQL of a deployment, and into the fold of the report's journey list.
 * Nothing of them stays in memory but that list.
 */
export class ShardFacts implements OutcomeSink {
  private readonly fold = new JourneyFold();

  private constructor(private readonly file: JsonLinesFile) {}

  static async open(path: string): Promise<ShardFacts> {
    return new ShardFacts(await JsonLinesFile.open(path));
  }

  readonly append = async (facts: readonly OutcomeFact[]): Promise<void> => {
    for (const raw of facts) {
      const fact = OutcomeFact.parse(raw);
      this.fold.add(fact);
      await this.file.append(fact);
    }
  };

  /** Closes the file once all is written (again: waits for the first close); the journeys the facts told of. */
  async close(): Promise<SimulatedJourney[]> {
    await this.file.close();
    return this.fold.journeys();
  }
}
