// The engine calls Promise.withResolvers, which Node 20 lacks: the polyfill must load first.
import '../../local/engine/promise-with-resolvers.ts';
import { StateMachine as Engine } from 'aws-local-stepfunctions';
import {
  LOCAL_FUNCTION_ARNS,
  LOCAL_TIMER_ARN,
  localDefinition,
} from '../../local/runtime/local-definition.ts';
import type { StateMachine } from '../../state-machines/compiler/asl.ts';
import { type Measurement, measurement, timed } from '../measure.ts';
import type { JourneyFixture } from './journeys.ts';
import { SCENARIO } from './project.ts';

type RunInput = Parameters<Engine['run']>[0];

/**
 * At least this many executions per timed run, the journeys' inputs taken again from the start if
 * there are fewer: a run of under a second is at the mercy of whatever else the machine does.
 */
const MIN_EXECUTIONS = 5_000;
type Handler = (input: RunInput) => Promise<RunInput>;

/**
 * Baseline A: the bare engine running the same local definition simulate runs (its Wait
 * states turned into timer Tasks), with every Task answered at once and nothing stored. This is
 * the ceiling: what one process can do with the state machine alone, so the ratio to simulate
 * tells how much of a simulated journey is the platform around the engine.
 */
export async function engineMeasurement(
  definition: StateMachine,
  fixture: JourneyFixture,
  warmUp: JourneyFixture,
): Promise<{ measurement: Measurement; buildSeconds: number }> {
  const local = localDefinition(definition);
  // Built once, as the runner does: building validates the definition and costs far more than a run.
  const { value: engine, seconds: buildSeconds } = await timed(
    // Our compiler's output, not outside input: its ASL typing and the engine's differ only in how
    // they spell optional fields, so the cast is the one execution-runner.ts makes.
    async () => new Engine(local as never, { validationOptions: { checkArn: false } }),
  );
  const smsOptedIn = new Set(
    fixture.profiles
      .filter((profile) => profile.consents.sms === 'opted-in')
      .map(({ profileId }) => profileId),
  );
  const handlers = noOpHandlers(local, smsOptedIn);
  const runAll = async (inputs: readonly RunInput[]) => {
    // One after another: simulate runs one step at a time, so concurrency would flatter the engine.
    for (const input of inputs)
      await engine.run(input, { overrides: { taskResourceLocalHandlers: handlers } }).result;
  };
  const inputs = cycled(journeyInputs(fixture), MIN_EXECUTIONS);
  const warmUpInputs = journeyInputs(warmUp);
  return {
    buildSeconds,
    measurement: measurement({
      label: `engine, ${inputs.length} executions`,
      warmUp: () => runAll(warmUpInputs),
      run: async () => {
        const { seconds } = await timed(() => runAll(inputs));
        return { units: inputs.length, seconds };
      },
    }),
  };
}

/**
 * Every Task state answered by resource: timers and sends return at once, the SMS consent check
 * answers opted-in for the same half of the profiles as in the simulation, so both branches run.
 */
function noOpHandlers(definition: StateMachine, smsOptedIn: ReadonlySet<string>): Record<string, Handler> {
  const handlers: Record<string, Handler> = {};
  for (const [name, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    if (state.Resource === LOCAL_FUNCTION_ARNS.check)
      handlers[name] = async (input): Promise<RunInput> =>
        smsOptedIn.has(profileIdOf(input)) ? { f1: 'opted-in' } : {};
    else if (state.Resource === LOCAL_TIMER_ARN || state.Resource === LOCAL_FUNCTION_ARNS.send)
      handlers[name] = async () => ({});
    // The quiet-hours schedule: never reached, since a no-op send never raises quiet hours.
    else handlers[name] = async () => ({ at: new Date(0).toISOString() });
  }
  return handlers;
}

/** The input the entry function gives an execution: the journey, its trigger event, no buckets. */
function journeyInputs(fixture: JourneyFixture): RunInput[] {
  return fixture.events
    .filter((event) => event['detail-type'] === 'cart.updated')
    .map((event) => ({
      journey: {
        scenario: SCENARIO,
        profileId: event.detail.profileId,
        key: event.id,
        execution: `bench-${event.id}`,
        eventId: event.id,
        enteredAt: event.time,
      },
      event: toJson(event),
      buckets: {},
    }));
}

/** The items repeated until there are at least `atLeast` (all of them once, if that is more). */
function cycled<T>(items: readonly T[], atLeast: number): T[] {
  const result = [...items];
  while (items.length > 0 && result.length < atLeast) result.push(...items.slice(0, atLeast - result.length));
  return result;
}

function profileIdOf(input: RunInput): string {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return '';
  const journey = input.journey;
  if (typeof journey !== 'object' || journey === null || Array.isArray(journey)) return '';
  return typeof journey.profileId === 'string' ? journey.profileId : '';
}

/** The event as the JSON value the engine takes: checked field by field rather than cast. */
function toJson(value: unknown): RunInput {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).flatMap(([key, field]) => (field === undefined ? [] : [[key, toJson(field)]])),
    );
  throw new Error(`not a JSON value: ${String(value)}`);
}
