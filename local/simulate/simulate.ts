import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventEnvelope } from '../../shared/events/envelope.ts';
import { PARTITION_COLUMN } from '../../shared/outcomes/outcome-fact.ts';
import { buildOutcomeReport } from '../../shared/outcomes/report/build-outcome-report.ts';
import type { Profile } from '../../shared/profiles/profile.ts';
import { unknownName } from '../../state-machines/validation/suggest.ts';
import { OutboxEntry } from '../outbox/outbox.ts';
import { figuresOfFolder } from '../outcomes/fact-outcomes.ts';
import { clockStart } from '../platform/clock-start.ts';
import { buildProject, type ProjectBuild } from '../platform/project-build.ts';
import { ExecutionSummary } from './execution-summary.ts';
import { type CheckProfile, checkProfilesFile } from './input/check-profiles.ts';
import { compareIds, indexEvents, type ReadEvent } from './input/events-index.ts';
import { checkEventIds } from './input/memory-events.ts';
import type { ShardInput } from './input/shard-input.ts';
import { SimulationInputError } from './input/simulation-input-error.ts';
import { JourneyFact, JourneyFold } from './journey-fold.ts';
import { forEachJsonLine, readJsonLines } from './json-lines-file.ts';
import { runShard, type ShardFiles, type ShardRun } from './shard-run.ts';
import { type ShardWorkers, startShardWorkers } from './shard-workers.ts';
import { shardByProfile } from './shards.ts';
import {
  buildReport,
  messageOf,
  type SimulatedJourney,
  type SimulationReport,
  scenarioCosts,
} from './simulation-report.ts';

/** A simulation's input as files the simulation reads as it goes: JSON lines, one value a line. */
export type SimulationFiles = {
  readonly events: string;
  readonly profiles?: string | undefined;
  /** The event a line holds, or the problems with it (each `where: path: message`). */
  readonly readEvent: ReadEvent;
  /** The problems with a line as a profile; none when it is one. */
  readonly checkProfile: CheckProfile;
};

export type SimulateOptions = {
  readonly projectDir: string;
  /** EventBridge envelopes, each with its time; or `files`. */
  readonly events?: readonly EventEnvelope[];
  readonly profiles?: readonly Profile[];
  /** The input as files, streamed: for inputs too large to hold (millions of events). */
  readonly files?: SimulationFiles;
  readonly only?: readonly string[] | undefined;
  /**
   * Stop the clock here, or this many seconds after the first event; journeys still waiting are
   * reported as running.
   */
  readonly until?: Date | { readonly afterFirstEvent: number } | undefined;
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

/** From this many events and customers, a simulation uses every core by default. */
export const AUTO_WORKERS_FROM = 20_000;

/**
 * Replays events through the real handlers and state machines in virtual time (see runShard), on
 * worker threads each taking a share of the customers, and merges what they did into one report.
 * The merge does not depend on how many shards there were: every list of the report is in a
 * stable order of its own, and the outcome figures are sums, so any number of workers gives the
 * same report, byte for byte, as one.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationReport> {
  // Workers load while the project builds, when their number is known before the input is read.
  let workers = startWorkers(knownShards(options) ?? 1);
  // The shards' files (see shardFiles), removed at the end.
  let factsFolder: string | undefined;
  try {
    // First: a project with problems is refused before a large input is read.
    const build = await buildProject(options.projectDir);
    checkScenarioIds(options.only, build);
    const planned =
      options.files === undefined
        ? await inMemory(options, workers?.count ?? 1)
        : await fromFiles(options.files, options);
    workers ??= startWorkers(planned.inputs.length);
    const until = untilOf(options.until, planned.first);
    checkSpan(planned, until);
    const from =
      planned.first === undefined
        ? (until ?? new Date())
        : clockStart(build.bundle, options.only, new Date(planned.first));
    const common = {
      build,
      only: options.only,
      from,
      firstEvent: planned.first === undefined ? undefined : new Date(planned.first),
      until,
      // Schedules and anniversaries recur for ever: they fire until the end asked for, or else
      // until the last event.
      clocksUntil: until ?? (planned.last === undefined ? from : new Date(planned.last)),
      store: options.store ?? 'memory',
    } as const;
    const progress = (done: number) => options.onProgress?.(done, planned.count);
    const folder = await mkdtemp(join(tmpdir(), 'parcours-simulation-facts-'));
    factsFolder = folder;
    const requests = planned.inputs.map((input, shard) => ({
      ...common,
      input,
      files: shardFiles(folder, shard),
    }));
    // Without workers there is one shard at most, run in this thread.
    const runs =
      workers === undefined
        ? await Promise.all(requests.map((request) => runShard({ ...request, onProgress: progress })))
        : await workers.run(requests, progress);
    return await reportOf(runs, { from, ingested: planned.count, factsFolder: folder });
  } finally {
    await workers?.close();
    if (factsFolder !== undefined) await rm(factsFolder, { recursive: true, force: true });
  }
}

/** Where a shard writes its facts, in the layout DuckDB reads a data folder's facts in. */
function shardFiles(folder: string, shard: number): ShardFiles {
  return {
    facts: join(folder, `${PARTITION_COLUMN}=simulation`, `shard-${shard}.jsonl`),
    // Beside the facts' partition, where DuckDB does not look.
    journeys: join(folder, 'shards', `journeys-${shard}.jsonl`),
    messages: join(folder, 'shards', `messages-${shard}.jsonl`),
    executions: join(folder, 'shards', `executions-${shard}.jsonl`),
  };
}

/**
 * The number of shards, when known before the input is read: asked for, or given by the size of
 * an input in memory. Files tell theirs once checked.
 */
function knownShards(options: SimulateOptions): number | undefined {
  return options.files === undefined
    ? workerCount(options, options.events?.length ?? 0, options.profiles?.length ?? 0)
    : options.workers;
}

/** Workers for that many shards; none for one, which runs in this thread. */
function startWorkers(shards: number): ShardWorkers | undefined {
  return shards > 1 ? startShardWorkers(shards) : undefined;
}

function untilOf(until: SimulateOptions['until'], first: number | undefined): Date | undefined {
  if (until === undefined || until instanceof Date) return until;
  if (first === undefined)
    throw new SimulationInputError('until: a duration counts from the first event, and there is none');
  return new Date(first + until.afterFirstEvent * 1000);
}

/**
 * The longest stretch of time a simulation replays. Its clock wakes for every daily sweep and
 * schedule between the first event and the end, so an event dated 9999 by mistake would keep it
 * busy for hours, saying nothing; a backtest of ten years takes well under a minute.
 */
const MAX_SPAN_YEARS = 10;
const YEAR_MS = 365.25 * 86_400_000;

function checkSpan(planned: Plan, until: Date | undefined): void {
  const { first } = planned;
  const end = until?.getTime() ?? planned.last;
  if (first === undefined || end === undefined || end - first <= MAX_SPAN_YEARS * YEAR_MS) return;
  const span = `${Math.floor((end - first) / YEAR_MS).toLocaleString('en-US')} years after`;
  const limit = `a simulation spans at most ${MAX_SPAN_YEARS} years`;
  const firstTime = `${new Date(first).toISOString()}, ${planned.firstWhere}`;
  throw new SimulationInputError(
    until === undefined
      ? `${planned.lastWhere}: time: the last event's time, ${new Date(end).toISOString()}, is ${span} the first event's (${firstTime}); ${limit}: check the events' times, or give --until`
      : `until: ${until.toISOString()} is ${span} the first event (${firstTime}); ${limit}`,
  );
}

/** What the shards are to replay: one input each, with the whole input's size and first time. */
type Plan = {
  readonly inputs: ShardInput[];
  readonly count: number;
  readonly first: number | undefined;
  readonly last: number | undefined;
  /** Where the first and the last events are in the input (`file:line`, `events[3]`). */
  readonly firstWhere: string | undefined;
  readonly lastWhere: string | undefined;
};

/** Work grows with events and with customers (a broadcast reaches customers who sent no event). */
function workerCount(options: SimulateOptions, events: number, profiles: number): number {
  return options.workers ?? (events + profiles >= AUTO_WORKERS_FROM ? availableParallelism() : 1);
}

async function inMemory(options: SimulateOptions, shardCount: number): Promise<Plan> {
  await checkEventIds(options.events ?? []);
  // Each time parsed once, not at every comparison of a sort.
  const sorted = (options.events ?? [])
    .map((event, position) => ({ event, at: Date.parse(event.time), position }))
    .sort((a, b) => a.at - b.at || compareIds(a.event.id, b.event.id));
  const events = sorted.map(({ event }) => event);
  const shards = shardByProfile(events, options.profiles ?? [], shardCount);
  const [earliest, latest] = [sorted[0], sorted.at(-1)];
  return {
    inputs: shards.map((shard) => ({ kind: 'memory', ...shard })),
    count: events.length,
    first: earliest?.at,
    last: latest?.at,
    firstWhere: earliest === undefined ? undefined : `events[${earliest.position}]`,
    lastWhere: latest === undefined ? undefined : `events[${latest.position}]`,
  };
}

async function fromFiles(files: SimulationFiles, options: SimulateOptions): Promise<Plan> {
  const profiles =
    files.profiles === undefined ? 0 : await checkProfilesFile(files.profiles, files.checkProfile);
  const index = await indexEvents(files.events, files.readEvent);
  // How many shards depends on the input's size, which only the index knows.
  const shards = workerCount(options, index.count, profiles);
  return {
    inputs: index.shards(shards).map((events, shard) => ({
      kind: 'files',
      events: { path: files.events, index: events },
      profiles: files.profiles,
      shard,
      shards,
    })),
    count: index.count,
    first: index.first,
    last: index.last,
    firstWhere: index.firstWhere,
    lastWhere: index.lastWhere,
  };
}

async function reportOf(
  runs: readonly ShardRun[],
  run: { readonly from: Date; readonly ingested: number; readonly factsFolder: string },
): Promise<SimulationReport> {
  const [first] = runs;
  if (first === undefined) throw new Error('a simulation ran no shard');
  const { project } = first;
  const since = run.from.toISOString();
  // Read once every shard is done and its worker gone, so they are never in memory twice; the
  // facts meanwhile, in DuckDB's own threads.
  const [messages, executions, journeys, figures] = await Promise.all([
    Promise.all(runs.map((shard) => readJsonLines(shard.files.messages, OutboxEntry))),
    Promise.all(runs.map((shard) => readJsonLines(shard.files.executions, ExecutionSummary))),
    journeysOf(runs),
    figuresOfFolder(run.factsFolder, { since, currency: project.currency }),
  ]);
  const input = {
    from: run.from,
    until: new Date(Math.max(...runs.map((shard) => shard.until.getTime()))),
    messages: messages.flat().map(messageOf),
    skips: runs.flatMap((shard) => shard.skips),
    executions: executions.flat(),
    journeys,
    entryOutcomes: runs.flatMap((shard) => shard.entryOutcomes),
    rejected: runs.flatMap((shard) => shard.rejected),
    pending: runs.flatMap((shard) => shard.pending),
    ingested: run.ingested,
  };
  const outcomes = buildOutcomeReport(figures, {
    since,
    currency: project.currency,
    programs: project.programs,
    scenarios: project.programOf,
    costs: scenarioCosts(input.executions),
  });
  return buildReport(input, outcomes);
}

/** The journeys of every shard, folded from its facts in the order it wrote them. */
async function journeysOf(runs: readonly ShardRun[]): Promise<SimulatedJourney[]> {
  const fold = new JourneyFold();
  for (const shard of runs)
    await forEachJsonLine(shard.files.journeys, JourneyFact, (fact) => fold.add(fact));
  return fold.journeys();
}

/**
 * The scenarios `--scenario` names must be the project's: a misspelled id would otherwise run a
 * simulation with no scenario in it, every trigger left out, and read as one where nobody entered.
 */
function checkScenarioIds(only: readonly string[] | undefined, build: ProjectBuild): void {
  const ids = build.scenarios.map(({ scenario }) => scenario.id);
  const unknown = (only ?? []).filter((id) => !ids.includes(id));
  if (unknown.length > 0)
    throw new SimulationInputError(
      `--scenario: ${unknown.map((id) => unknownName('scenario', id, ids)).join('; ')}`,
    );
}
