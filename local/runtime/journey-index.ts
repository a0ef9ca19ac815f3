import type { ItemStore } from '../../shared/store/item-store.ts';
import { currentState, type ExecutionRecord } from './execution-record.ts';
import { allExecutions } from './execution-store.ts';

/** What the console needs of one execution, without its inputs or the times of its states. */
export type IndexedJourney = {
  readonly name: string;
  readonly scenario: string;
  readonly profileId: string;
  readonly version?: string;
  readonly status: ExecutionRecord['status'];
  readonly startedAt: string;
  /** Each state entered, once, in the order first entered. */
  readonly entered: readonly string[];
  readonly current?: string;
};

/**
 * The data folder's executions by scenario, read from the store once and then kept by every change
 * the engine reports: a scenario page over 100,000 journeys would otherwise scan the whole table
 * (every profile, ledger row and event with them) at each view.
 */
export class JourneyIndex {
  private loading: Promise<Map<string, IndexedJourney>> | undefined;
  /** Changes reported while the store is read: newer than what the read finds, so they win. */
  private readonly pending = new Map<string, IndexedJourney>();
  private loaded: Map<string, IndexedJourney> | undefined;

  constructor(private readonly store: ItemStore) {}

  /** Keeps one change of an execution (see ExecutionRunner's onChange). */
  record(record: ExecutionRecord): void {
    const journey = indexed(record);
    (this.loaded ?? this.pending).set(journey.name, journey);
  }

  /** A scenario's journeys, earliest entered first. */
  async ofScenario(scenario: string): Promise<IndexedJourney[]> {
    const all = await this.load();
    return [...all.values()]
      .filter((journey) => journey.scenario === scenario)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  private load(): Promise<Map<string, IndexedJourney>> {
    this.loading ??= allExecutions(this.store).then((records) => {
      const all = new Map(records.map((record) => [record.name, indexed(record)]));
      for (const [name, journey] of this.pending) all.set(name, journey);
      this.pending.clear();
      this.loaded = all;
      return all;
    });
    // A failed read is tried again at the next view.
    this.loading.catch(() => {
      this.loading = undefined;
    });
    return this.loading;
  }
}

function indexed(record: ExecutionRecord): IndexedJourney {
  const current = currentState(record);
  return {
    name: record.name,
    scenario: record.scenario,
    profileId: record.profileId,
    ...(record.version === undefined ? {} : { version: record.version }),
    status: record.status,
    startedAt: record.startedAt,
    entered: [...new Set(record.states.map((state) => state.name))],
    ...(current === undefined ? {} : { current }),
  };
}
