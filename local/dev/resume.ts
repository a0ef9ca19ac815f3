import * as z from 'zod';
import { retiredKey } from '../../language/retired-key.ts';
import type { State, StateMachine } from '../../state-machines/compiler/asl.ts';
import { WAIT_FOR_TASK_TOKEN } from '../../state-machines/compiler/resources.ts';
import type { Platform } from '../platform/local-platform.ts';
import type { ExecutionRecord } from '../runtime/execution-record.ts';
import type { LocalScenario } from '../runtime/execution-runner.ts';
import { allExecutions, saveExecution } from '../runtime/execution-store.ts';
import { reachableFrom } from '../runtime/local-definition.ts';
import { enteredCurrentStateAt } from './state-kinds.ts';

export type Resumption = { readonly record: ExecutionRecord; readonly state: string };
export type Interruption = { readonly record: ExecutionRecord; readonly why: string };
export type ResumeReport = { readonly resumed: Resumption[]; readonly interrupted: Interruption[] };

export type ResumeHooks = {
  /** Called just before each resumption starts, so its start can be reported as a resumption. */
  readonly beforeResume: (name: string, state: string) => void;
  /** Called when a resumption that was started fails; the journey is then marked interrupted. */
  readonly onFailure: (record: ExecutionRecord, why: string) => void;
};

/**
 * Picks up the journeys a previous run left running, each in the state it was in, with what
 * remained of its wait. A journey whose scenario is gone, or no longer has that state, cannot be
 * resumed: it is marked interrupted, with why, so it is never silently lost.
 */
export async function resumeExecutions(platform: Platform, hooks: ResumeHooks): Promise<ResumeReport> {
  const running = (await allExecutions(platform.store)).filter((record) => record.status === 'running');
  const report: ResumeReport = { resumed: [], interrupted: [] };
  const now = platform.time.now();
  for (const record of running) {
    const plan = resumePlan(record, versionOf(platform, record), now);
    if ('why' in plan) {
      report.interrupted.push({
        record: await markInterrupted(platform, record, plan.why, now),
        why: plan.why,
      });
      continue;
    }
    hooks.beforeResume(record.name, plan.state);
    platform.runner
      .start(plan.scenario, record.name, plan.input, {
        state: plan.state,
        startedAt: record.startedAt,
        states: record.states,
      })
      .catch(async (error: unknown) => {
        // The engine refused the resumed definition: say so, and keep the journey as interrupted.
        const why = `it could not be resumed: ${error instanceof Error ? error.message : String(error)}`;
        await markInterrupted(platform, record, why, platform.time.now()).catch(() => undefined);
        hooks.onFailure(record, why);
      });
    report.resumed.push({ record, state: plan.state });
  }
  return report;
}

async function markInterrupted(
  platform: Platform,
  record: ExecutionRecord,
  why: string,
  now: Date,
): Promise<ExecutionRecord> {
  const { current: _dropped, ...rest } = record;
  const interrupted: ExecutionRecord = {
    ...rest,
    status: 'interrupted',
    endedAt: now.toISOString(),
    error: why,
  };
  await saveExecution(platform.store, interrupted);
  return interrupted;
}

type Plan =
  | { readonly scenario: LocalScenario; readonly state: string; readonly input: unknown }
  | { readonly why: string };

/**
 * The scenario version a journey resumes on: the one it entered on, current or kept from an
 * earlier run (a reload, a restart); the current one for a journey that recorded no version.
 */
function versionOf(platform: Platform, record: ExecutionRecord): LocalScenario | undefined {
  const current = platform.scenarios.find(({ scenario }) => scenario.id === record.scenario);
  const currentVersion = current?.compiled.manifest.version;
  if (record.version !== undefined && record.version !== currentVersion)
    return platform.retired.get(retiredKey(record.scenario, record.version));
  return current === undefined
    ? undefined
    : {
        id: current.scenario.id,
        version: currentVersion,
        definition: current.compiled.definition,
        outcomes: current.compiled.manifest.outcomes,
      };
}

function resumePlan(record: ExecutionRecord, scenario: LocalScenario | undefined, now: Date): Plan {
  if (scenario === undefined)
    return {
      why:
        record.version === undefined
          ? `the scenario ${record.scenario} is no longer in the project`
          : `the version ${record.version} of ${record.scenario} is neither in the project nor kept in the data folder`,
    };
  if (record.current === undefined) return { why: 'it stopped before entering its first state' };
  const { state, input } = record.current;
  const { definition } = scenario;
  if (definition.States[state] === undefined) {
    return { why: `the scenario ${record.scenario} no longer has the state "${state}"` };
  }
  const enteredAt = Date.parse(enteredCurrentStateAt(record.states) ?? record.startedAt);
  const elapsedSeconds = Math.max(0, (now.getTime() - enteredAt) / 1000);
  return {
    scenario: {
      ...scenario,
      definition: reachableFrom(withRemainingTime(definition, state, elapsedSeconds), state),
    },
    state,
    input,
  };
}

const WaitForPayload = z.looseObject({ timeoutSeconds: z.number() });

/**
 * A resumed wait waits only for what was left of it: a fixed Wait, or a wait-for's timeout. Waits
 * until a timestamp need nothing, since the timestamp is in the state's input.
 */
export function withRemainingTime(
  definition: StateMachine,
  name: string,
  elapsedSeconds: number,
): StateMachine {
  const state = definition.States[name];
  const remaining = (seconds: number) => Math.max(0, Math.ceil(seconds - elapsedSeconds));
  let resumed: State | undefined;
  if (state?.Type === 'Wait' && 'Seconds' in state) {
    resumed = { ...state, Seconds: remaining(state.Seconds) };
  } else if (state?.Type === 'Task' && state.Resource === WAIT_FOR_TASK_TOKEN) {
    const payload = WaitForPayload.safeParse(state.Parameters.Payload);
    if (payload.success) {
      const left = remaining(payload.data.timeoutSeconds);
      resumed = {
        ...state,
        // Step Functions wants a positive TimeoutSeconds; the payload's is what the local timer reads.
        TimeoutSeconds: Math.max(1, left),
        Parameters: { ...state.Parameters, Payload: { ...payload.data, timeoutSeconds: left } },
      };
    }
  }
  return resumed === undefined
    ? definition
    : { ...definition, States: { ...definition.States, [name]: resumed } };
}
