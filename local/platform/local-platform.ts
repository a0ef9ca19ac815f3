import { join } from 'node:path';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { EmailChannel } from '../../shared/channels/ports.ts';
import type { TaskCallbacks } from '../../shared/ingest/journey-effects.ts';
import type { StartExecution } from '../../shared/journeys/start-journey.ts';
import { memorySink, type OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import type { ItemStore } from '../../shared/store/item-store.ts';
import { memoryItemStore } from '../../shared/store/memory/memory-item-store.ts';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import { describeFailedDelivery } from '../bus/delivery-retry.ts';
import { MemoryJournal } from '../bus/event-journal.ts';
import { BUS_JOURNAL_FILE, openFileJournal } from '../bus/file-journal.ts';
import { type LocalBus, startLocalBus } from '../bus/local-bus.ts';
import { outboxOf } from '../dev/data-files.ts';
import { OutboxedEmailChannel, OutboxPushChannel, OutboxSmsChannel } from '../outbox/local-channels.ts';
import { recordingFetch } from '../outbox/local-webhooks.ts';
import { MemoryOutbox, type Outbox } from '../outbox/outbox.ts';
import { fileSink } from '../outcomes/file-sink.ts';
import { Activity } from '../runtime/activity.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';
import { ExecutionRunner, type LocalScenario } from '../runtime/execution-runner.ts';
import { saveExecution } from '../runtime/execution-store.ts';
import { JourneyIndex } from '../runtime/journey-index.ts';
import type { TimeSource } from '../runtime/time.ts';
import { type ClockTriggerOptions, startClockTriggers } from './clock-triggers.ts';
import type { LocalStore } from './local-dynamo.ts';
import { localFunctions } from './local-functions.ts';
import type { ProjectBuild } from './project-build.ts';
import { localScheduledMachines, type UndeliveredRecipient } from './scheduled-machines.ts';
import { type KeptVersion, keepVersions } from './version-archive.ts';

/** Local secrets: nothing signed with them leaves this machine. */
export const LOCAL_SECRET = 'parcours-local-development-secret-0123456789';

export type PlatformOptions = {
  /** The scenarios, compiled (see buildProject). */
  readonly project: ProjectBuild;
  /** Where data persists (dynalite, outbox); in memory when absent (simulation, tests). */
  readonly dataDir?: string | undefined;
  readonly time: TimeSource;
  /** The local bus port; 0 for any. */
  readonly busPort: number;
  /** An email channel to send through (aws-ses-v2-local's client in `npm start`); the outbox only when absent. */
  readonly email?: EmailChannel | undefined;
  readonly onExecution?: (record: ExecutionRecord, change: 'started' | 'state' | 'ended') => void;
  readonly onDeliveryError?: (error: unknown) => void;
  /** Told what ingest made of each event: its report, or what it threw (the bus then retries it). */
  readonly onIngested?: (eventId: string, outcome: { report: unknown } | { error: unknown }) => void;
  /** Where unsubscribe links point. @default http://localhost:4011 (the dev server's admin endpoint) */
  readonly publicUrl?: string | undefined;
  /** Only these scenarios take entries (all when absent). */
  readonly only?: readonly string[] | undefined;
  /** One step at a time, in a repeatable order (simulation). */
  readonly serial?: boolean;
  /**
   * Where the platform keeps its items: dynalite (the default: a DynamoDB on disk or in memory,
   * as `npm start` and `trace` use) or this process's memory (`simulate`: no server, no SDK).
   * Memory holds nothing across restarts, so it goes with no data folder.
   */
  readonly store?: 'dynalite' | 'memory';
  /** Where outcome facts go: given by a simulation's shard; else the data folder, or memory. */
  readonly facts?: OutcomeSink | undefined;
  /** Where messages go: given by a simulation's shard; else the data folder, or memory. */
  readonly outbox?: Outbox | undefined;
};

export type Platform = {
  readonly bus: LocalBus;
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  /** Earlier versions of the scenarios, by retiredKey, that journeys of the data folder may run on. */
  readonly retired: ReadonlyMap<string, LocalScenario>;
  readonly scenarios: readonly ProjectScenario[];
  readonly runner: ExecutionRunner;
  readonly activity: Activity;
  /** The executions of the store by scenario, for the console (not kept in a simulation). */
  readonly journeys: JourneyIndex;
  readonly outbox: Outbox;
  /** Where outcome facts go (see PlatformOptions.facts). */
  readonly facts: OutcomeSink;
  readonly time: TimeSource;
  /**
   * Starts firing the scenarios' schedules and anniversaries in platform time, once the customers
   * they go to are in the store (see clock-triggers.ts).
   */
  startClocks(options?: Pick<ClockTriggerOptions, 'until' | 'onError' | 'retryAfterMs' | 'replayFrom'>): void;
  /** The recipients of broadcast waves begun and not delivered yet (their instant not reached). */
  undeliveredWaves(): Promise<UndeliveredRecipient[]>;
  stop(): Promise<void>;
};

/**
 * The whole of Parcours in one process: dynalite, the local bus, the compiled scenarios on the
 * local Step Functions engine, and the very handlers the Lambdas run, called in-process. Every
 * event goes to ingest, which applies it and then starts the journeys it triggers: the one event
 * path of the deployed platform.
 */
export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const { scenarios, bundle: built } = options.project;
  // The versions earlier runs of this data folder ran on, which their journeys finish on.
  const retired =
    options.dataDir === undefined
      ? new Map<string, KeptVersion>()
      : await keepVersions(options.dataDir, scenarios, built);
  const bundle: RuntimeBundle = {
    ...built,
    retired: Object.fromEntries([...retired].map(([key, kept]) => [key, kept.retired])),
  };

  if (options.store === 'memory' && options.dataDir !== undefined) {
    throw new Error('a data folder needs the dynalite store: memory holds nothing across restarts');
  }
  const dynamo = options.store === 'memory' ? inMemory() : await localDynamo(options.dataDir);
  const outbox: Outbox =
    options.outbox ?? (options.dataDir === undefined ? new MemoryOutbox() : outboxOf(options.dataDir));
  const time = options.time;
  const facts: OutcomeSink =
    options.facts ?? (options.dataDir === undefined ? memorySink() : fileSink(options.dataDir, time));
  const activity = new Activity(options.serial === true);
  // With a data folder, the bus journals every event to disk before acknowledging it and delivers
  // it again after a crash; without one (simulation, tests) nothing outlives the process anyway.
  const bus = await startLocalBus({
    port: options.busPort,
    clock: time,
    journal:
      options.dataDir === undefined
        ? new MemoryJournal()
        : await openFileJournal(join(options.dataDir, BUS_JOURNAL_FILE)),
    onDeliveryError: (error, failed) =>
      options.onDeliveryError?.(new Error(describeFailedDelivery(error, failed), { cause: error })),
  });
  const send: SendDeps = {
    store: dynamo.store,
    bundle,
    clock: time,
    facts,
    channels: {
      email: new OutboxedEmailChannel(options.email ?? outboxOnlyEmail(), outbox, time),
      sms: new OutboxSmsChannel(outbox, time),
      push: new OutboxPushChannel(outbox, time),
    },
    unsubscribe: { baseUrl: options.publicUrl ?? 'http://localhost:4011', secrets: [LOCAL_SECRET] },
    pushApplicationId: 'local-push-app',
  };
  const localScenarios = new Map<string, LocalScenario>(
    scenarios.map(({ scenario, compiled }) => [
      scenario.id,
      {
        id: scenario.id,
        version: compiled.manifest.version,
        definition: compiled.definition,
        outcomes: compiled.manifest.outcomes,
      },
    ]),
  );
  let runner: ExecutionRunner | undefined;
  /** The last pending save of each execution's record, by execution name. */
  const executionSaves = new Map<string, { chain: Promise<void>; last: Promise<void> }>();
  const startExecution: StartExecution = async ({ scenario, name, input }) => {
    const target = localScenarios.get(scenario);
    if (target === undefined || runner === undefined)
      throw new Error(`no local state machine for ${scenario}`);
    // Like StartExecution, this returns once the execution is started, not finished, and once
    // its record is stored: a crash right after ingest recorded the journey as started must
    // not leave a journey that never runs (the dev server resumes stored executions).
    void runner.start(target, name, input);
    // Without a data folder nothing outlives the process, and a simulation's serial activity
    // would run that save only after this very step: there is nothing to wait for.
    if (options.dataDir !== undefined) await executionSaves.get(name)?.last;
  };
  const callbacks: TaskCallbacks = {
    resumeTask: async (token, output) => void runner?.resumeTask(token, output),
    failTask: async (token, error, cause) => void runner?.failTask(token, error, cause),
  };
  const clocks: { stop(): void }[] = [];
  const broadcasts: ReturnType<typeof localScheduledMachines>[] = [];
  /** Only these scenarios take entries and fire (all when absent). */
  const only = options.only === undefined ? undefined : new Set(options.only);
  const functions = localFunctions({
    send,
    publish: async (entries) => {
      for (const entry of entries) await bus.publish(entry);
    },
    webhookSecret: LOCAL_SECRET,
    webhookFetch: recordingFetch(outbox, time),
    entryScenarios: only,
    startExecution,
    callbacks,
  });
  const journeys = new JourneyIndex(dynamo.store);
  runner = new ExecutionRunner({
    time,
    activity,
    functions: functions.byArn,
    onChange: (record, change) => {
      options.onExecution?.(record, change);
      if (options.serial !== true) journeys.record(record);
      // A simulation (serial) reports its executions from onExecution and is never traced.
      if (options.serial !== true && (change !== 'state' || options.dataDir !== undefined)) {
        // One execution's saves run one after another, so a slow save of a state never lands
        // after the save of its end; the copy is what the record was at this change.
        const snapshot = structuredClone(record);
        const previous = executionSaves.get(record.name)?.chain ?? Promise.resolve();
        const last = previous.then(() => activity.run(() => saveExecution(dynamo.store, snapshot)));
        const chain = last.catch(() => undefined);
        const pending = { chain, last };
        executionSaves.set(record.name, pending);
        void chain.then(() => {
          if (executionSaves.get(record.name) === pending) executionSaves.delete(record.name);
        });
      }
    },
  });

  runner.prepare(localScenarios.values());

  // The bus counts the event handled only when this resolves, once ingest has finished; whatever
  // it throws must reach the bus, which retries the event and never drops it.
  bus.subscribe('parcours', { source: [{ prefix: '' }] }, async (event) => {
    try {
      const report = await activity.run(() => functions.ingest(event));
      options.onIngested?.(event.id, { report });
    } catch (error) {
      options.onIngested?.(event.id, { error });
      throw error;
    }
  });

  // Events journaled before a crash or stop now meet their subscription, ahead of new ones.
  bus.resume();

  return {
    bus,
    store: dynamo.store,
    journeys,
    bundle,
    retired: new Map([...retired].map(([key, kept]) => [key, kept.local])),
    scenarios,
    runner,
    activity,
    outbox,
    facts,
    time,
    startClocks: (clockOptions) => {
      const machines = localScheduledMachines({
        send,
        startExecution,
        callbacks,
        time,
        activity,
        entryScenarios: only,
      });
      broadcasts.push(machines);
      const clock = startClockTriggers({
        broadcast: machines.broadcast,
        sweep: machines.sweep,
        bundle,
        store: dynamo.store,
        time,
        activity,
        only,
        until: clockOptions?.until,
        replayFrom: clockOptions?.replayFrom,
        onError: clockOptions?.onError,
        retryAfterMs: clockOptions?.retryAfterMs,
      });
      clocks.push(clock);
    },
    undeliveredWaves: async () =>
      (await Promise.all(broadcasts.map((machines) => machines.undelivered()))).flat(),
    stop: async () => {
      for (const clock of clocks) clock.stop();
      await bus.close();
      // A journey that ended just before the stop has its last saves queued: they land before the
      // store closes, or a finished journey would be found running at the next start.
      await activity.quiescent();
      await Promise.all([...executionSaves.values()].map((pending) => pending.chain));
      await dynamo.stop();
    },
  };
}

/** Without a local SES, email goes to the outbox only (the outbox wrapper records it). */
function outboxOnlyEmail(): EmailChannel {
  let sequence = 0;
  return {
    send: async () => {
      sequence += 1;
      return { messageId: `local-email-${sequence}` };
    },
  };
}

/**
 * dynalite and the AWS SDK, loaded only when the platform runs on them: a simulation on the memory
 * store (each of its workers) would otherwise load both for nothing, about two fifths of its start.
 */
async function localDynamo(dataDir: string | undefined): Promise<LocalStore> {
  const { startLocalDynamo } = await import('./local-dynamo.ts');
  return startLocalDynamo(dataDir);
}

function inMemory(): LocalStore {
  return { store: memoryItemStore(), stop: async () => undefined };
}
