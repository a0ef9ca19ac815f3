import { OutcomeFact, type OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';
import { journeyFactOf } from './journey-fold.ts';
import { JsonLinesFile } from './json-lines-file.ts';

/**
 * Where a shard's outcome facts go: each to the shard's JSON-lines file, which the report reads
 * through DuckDB with the SQL of a deployment; and those its journey list is made of, as the fold
 * reads them, to a file of their own, which the report folds (see JourneyFold) once the workers
 * are gone. Nothing of them stays in the shard's memory.
 */
export class ShardFacts implements OutcomeSink {
  private constructor(
    private readonly facts: JsonLinesFile,
    private readonly journeyFacts: JsonLinesFile,
  ) {}

  static async open(paths: { readonly facts: string; readonly journeys: string }): Promise<ShardFacts> {
    return new ShardFacts(await JsonLinesFile.open(paths.facts), await JsonLinesFile.open(paths.journeys));
  }

  readonly append = async (facts: readonly OutcomeFact[]): Promise<void> => {
    for (const raw of facts) {
      const fact = OutcomeFact.parse(raw);
      await this.facts.append(fact);
      const journeyFact = journeyFactOf(fact);
      if (journeyFact !== undefined) await this.journeyFacts.append(journeyFact);
    }
  };

  /** Closes the files once all is written (again: waits for the first close). */
  async close(): Promise<void> {
    await Promise.all([this.facts.close(), this.journeyFacts.close()]);
  }
}
