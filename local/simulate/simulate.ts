import { availableParallelism } from 'node:os';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import { reportOfFacts } from '../outcomes/fact-outcomes.ts';
import { runShard, type ShardRun } from './shard-run.ts';
import { runInWorkers } from './shard-workers.ts';
import { shardByProfile } from './shards.ts';
import { buildReport, type SimulationReport, scenarioCosts } from './simulation-report.ts';

export type SimulateOptions = {
  readonly projectDir: string;
  /** EventBridge envelopes, each with its time. */
  readonly events: readonly EventEnvelope[];
  readonly profiles?: readonly Profile[];
  readonly only?: readonly string[] | undefined;
  /** Stop the clock here; journeys still waiting are reported as running. */
  readonly until?: Date | undefined;
  readonly onProgress?: (done: number, total: number) => void;
  /** The store to run on: memory (the default, fast) or dynalite (the store of `npm start`). */
  readonly store?: 'memory' | 'dynalite';
  /**
   * Worker threads, each simulating its share of the customers: by default one per core for a
   * large input (from AUTO_WORKERS_FROM events), none for a small one, where starting them would
   * cost more than it saves.
   */
  readonly workers?: number | undefined;
};

/** From this many events, a simulation uses every core by default. */
export const AUTO_WORKERS_FROM = 20_000;

/**
 * Replays events through the real handlers and state machines in virtual time (see runShard), on
 * worker threads each taking a share of the customers, and merges what they did into one report.
 * The merge does not depend on how many shards there were: every list of the report is in a
 * stable order of its own, and the outcome figures are sums, so any number of workers gives the
 * same report, byte for byte, as one.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  const events = [...options.events].sort(
    (a, b) => Date.parse(a.time) - Date.parse(b.time) || a.id.localeCompare(b.id),
  );
  const from = new Date(events[0]?.time ?? options.until ?? Date.now());
  const workers = options.workers ?? (events.length >= AUTO_WORKERS_FROM ? availableParallelism() : 1);
  const common = {
    projectDir: options.projectDir,
    only: options.only,
    from,
    until: options.until,
    store: options.store ?? 'memory',
  } as const;
  const progress = (done: number) => options.onProgress?.(done, events.length);
  const runs =
    workers <= 1
      ? [await runShard({ ...common, events, profiles: options.profiles ?? [], onProgress: progress })]
      : await runInWorkers(
          shardByProfile(events, options.profiles ?? [], workers).map((shard) => ({ ...common, ...shard })),
          progress,
        );
  return reportOf(runs, from, events.length);
}

async function reportOf(runs: readonly ShardRun[], from: Date, ingested: number): Promise<SimulationReport> {
  const [first] = runs;
  if (first === undefined) throw new Error('a simulation ran no shard');
  const input = {
    from,
    until: new Date(Math.max(...runs.map((run) => run.until.getTime()))),
    outbox: runs.flatMap((run) => run.outbox),
    ledger: runs.flatMap((run) => run.ledger),
    executions: runs.flatMap((run) => run.executions),
    facts: runs.flatMap((run) => run.facts),
    entryOutcomes: runs.flatMap((run) => run.entryOutcomes),
    ingested,
  };
  const { project } = first;
  const outcomes = await reportOfFacts(input.facts, {
    since: from.toISOString(),
    currency: project.currency,
    programs: project.programs,
    scenarios: project.programOf,
    costs: scenarioCosts(input.executions),
  });
  return buildReport(input, outcomes);
}
