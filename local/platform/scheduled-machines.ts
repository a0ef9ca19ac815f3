import * as z from 'zod/mini';
import { createAudienceHandler } from '../../functions/audience/handler.ts';
import { createDeliverHandler } from '../../functions/deliver/handler.ts';
import { createSweepHandler } from '../../functions/sweep/handler.ts';
import { isClockTrigger } from '../../language/trigger-kind.ts';
import { memoryAudienceFiles } from '../../shared/broadcasts/audience-files.ts';
import { BATCH_MARGIN_MS } from '../../shared/broadcasts/batch-delivery.ts';
import { UNPACED } from '../../shared/broadcasts/pace.ts';
import type { TaskCallbacks } from '../../shared/ingest/journey-effects.ts';
import type { StartExecution } from '../../shared/journeys/start-journey.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { silentMetrics } from '../../shared/observability/metrics.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import { compileBroadcast, substituteBroadcast } from '../../state-machines/compiler/broadcast-definition.ts';
import { placeholder, substitute } from '../../state-machines/compiler/resources.ts';
import { compileSweep, SWEEP_SUBSTITUTION } from '../../state-machines/compiler/sweep-definition.ts';
import type { Activity } from '../runtime/activity.ts';
import { ExecutionRunner, type LocalFunction, type LocalScenario } from '../runtime/execution-runner.ts';
import { localItemReader } from '../runtime/item-reader.ts';
import { LOCAL_ITEM_READER_ARN, localFunctionArn } from '../runtime/local-definition.ts';
import type { TimeSource } from '../runtime/time.ts';
import { LAMBDA_MAX_MS, lambdaContext } from './local-functions.ts';

const LOCAL_ARNS = {
  audience: localFunctionArn('audience'),
  deliver: localFunctionArn('deliver'),
  bucket: 'local-audiences',
  sweep: localFunctionArn('sweep'),
} as const;

/** The sweep's state machine, its function the local one. */
const SWEEP_MACHINE: LocalScenario = {
  id: 'segment-sweep',
  definition: substitute(compileSweep(), new Map([[placeholder(SWEEP_SUBSTITUTION), LOCAL_ARNS.sweep]])),
  outcomes: {},
};

/** A customer a broadcast's wave is still to reach: the wave's scenario and instant. */
export type UndeliveredRecipient = {
  readonly scenario: string;
  readonly at: string;
  readonly profileId: string;
};

/** A line of a wave's file, as the audience function writes it (shared/broadcasts/broadcast-plan.ts). */
const WaveLine = z.object({ profileId: z.string() });

export type ScheduledMachineDeps = {
  /** The send step's dependencies: the store, bundle, platform clock, facts and channels. */
  readonly send: SendDeps;
  /** Starts a journey's state machine, for a scenario whose journey is more than one send. */
  readonly startExecution: StartExecution;
  /** Resumes waiting journeys, for the segment transitions the sweep applies. */
  readonly callbacks: TaskCallbacks;
  readonly time: TimeSource;
  readonly activity: Activity;
  /** Only these scenarios take entries; every scenario when absent. */
  readonly entryScenarios?: ReadonlySet<string> | undefined;
};

/**
 * What EventBridge Scheduler starts on AWS, on the local engine: the broadcast state machine of
 * each scenario started by the clock and the segment sweep's, with the very audience, deliver and
 * sweep handlers the Lambdas run. The local runtime reads the Distributed Map's items
 * (local/runtime/item-reader.ts) from audience files kept in memory. Not paced (the local SES has
 * no quota), batches go one after another, so a backtest is repeatable.
 *
 * `broadcast` and `sweep` run one occurrence to its end, and reject with the execution's error if
 * it failed.
 */
export function localScheduledMachines(deps: ScheduledMachineDeps): {
  broadcast(scenario: string, at: Date): Promise<void>;
  sweep(at: Date): Promise<void>;
  /** The recipients of the waves not delivered yet, in no order. */
  undelivered(): Promise<UndeliveredRecipient[]>;
} {
  const { send } = deps;
  const files = memoryAudienceFiles();
  const stores = {
    store: send.store,
    bundle: send.bundle,
    clock: send.clock,
    facts: send.facts,
    entryScenarios: deps.entryScenarios,
  };
  const observability = (name: string) => ({
    logger: createLogger(name, 'ERROR'),
    metrics: silentMetrics(name),
  });
  const audience = createAudienceHandler(
    {
      store: send.store,
      bundle: send.bundle,
      files,
      pace: async () => UNPACED,
      scanSegments: 1,
    },
    observability('audience'),
  );
  const deliver = createDeliverHandler(
    {
      send,
      startExecution: deps.startExecution,
      entryScenarios: deps.entryScenarios,
      // Never called: with no pace and no time for a second round (below), nothing waits.
      sleep: async () => undefined,
    },
    observability('deliver'),
  );
  const sweep = createSweepHandler(
    {
      ...stores,
      startExecution: deps.startExecution,
      ...deps.callbacks,
    },
    observability('sweep'),
  );
  // Each wave's scenario and instant, by its file's key, for the waves still to come.
  const waveOf = new Map<string, Omit<UndeliveredRecipient, 'profileId'>>();
  const functions: Record<string, LocalFunction> = {
    [LOCAL_ARNS.audience]: async (input) => {
      // The whole of the function's time on AWS, at every call: the local export is not cut short.
      const plan = await audience(input, lambdaContext('audience', LAMBDA_MAX_MS));
      for (const wave of plan.waves)
        waveOf.set(wave.key, { at: wave.at, scenario: plan.occurrence.scenario });
      return plan;
    },
    [LOCAL_ARNS.sweep]: (input) => sweep(input, lambdaContext('sweep')),
    // A batch is left no time for a second round of failed entries, which would wait in the
    // middle of a step: it fails at once, and the state machine's retries take it up.
    [LOCAL_ARNS.deliver]: (input) => deliver(input, lambdaContext('deliver', BATCH_MARGIN_MS)),
    [LOCAL_ITEM_READER_ARN]: localItemReader(files),
  };
  const runner = new ExecutionRunner({ time: deps.time, activity: deps.activity, functions });
  const machines = new Map<string, LocalScenario>(
    Object.values(send.bundle.scenarios)
      .filter(({ scenario }) => isClockTrigger(scenario.trigger))
      .map(({ scenario }) => [
        scenario.id,
        {
          id: scenario.id,
          definition: substituteBroadcast(compileBroadcast(scenario.id), LOCAL_ARNS),
          outcomes: {},
        },
      ]),
  );
  const run = async (machine: LocalScenario, name: string, at: Date): Promise<void> => {
    const record = await runner.start(machine, `${name}/${at.toISOString()}`, {
      scheduledTime: at.toISOString(),
    });
    if (record.status === 'failed') throw new Error(record.error ?? `${name} failed`);
  };
  return {
    broadcast: async (scenario, at) => {
      const machine = machines.get(scenario);
      if (machine === undefined) throw new Error(`scenario ${scenario} has no broadcast`);
      await run(machine, `${scenario}/broadcast`, at);
    },
    sweep: (at) => run(SWEEP_MACHINE, 'segment-sweep', at),
    // A wave's file is taken as its Map reads it: those left are the waves still to come.
    undelivered: async () =>
      (
        await Promise.all(
          files.keys().map(async (key) => {
            const wave = waveOf.get(key);
            if (wave === undefined) return [];
            const lines = await files.read(key);
            return lines.map((line) => ({ ...wave, profileId: WaveLine.parse(JSON.parse(line)).profileId }));
          }),
        )
      ).flat(),
  };
}
