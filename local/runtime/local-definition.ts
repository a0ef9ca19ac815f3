import {
  edgesOf,
  type MapState,
  type State,
  type StateMachine,
  type TaskState,
} from '../../state-machines/compiler/asl.ts';
import {
  FUNCTION_PLACEHOLDERS,
  type StepFunction,
  substituteFunctionArns,
} from '../../state-machines/compiler/resources.ts';

export const LOCAL_ACCOUNT = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export function localFunctionArn(name: string): string {
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:parcours-${name}`;
}

/** The function ARN the local engine calls for a local timer (see localDefinition). */
export const LOCAL_TIMER_ARN = localFunctionArn('local-timer');

/** The function that reads a Distributed Map's items in the local engine's stead (see inlineDistributedMap). */
export const LOCAL_ITEM_READER_ARN = localFunctionArn('local-item-reader');

/** Where the local item reader leaves the items for the Map that follows it. */
export const LOCAL_ITEMS_PATH = '$.localItems';

export const LOCAL_FUNCTION_ARNS = Object.fromEntries(
  (Object.keys(FUNCTION_PLACEHOLDERS) as StepFunction[]).map((fn) => [fn, localFunctionArn(fn)]),
) as Record<StepFunction, string>;

/**
 * The definition the local engine runs: the compiled one with local function ARNs, as CDK
 * substitutes real ones, and with each Wait state replaced by a local timer Task of the same name
 * and transitions. The engine's own waits read the wall clock; the timer reads the platform's
 * time, so journeys can run faster than real time and be replayed in virtual time. Every other
 * state is exactly what AWS runs.
 */
export function localDefinition(definition: StateMachine): StateMachine {
  const substituted = substituteFunctionArns(definition, LOCAL_FUNCTION_ARNS);
  const states: Record<string, State> = {};
  for (const [name, state] of Object.entries(substituted.States)) {
    if (state.Type === 'Map' && state.ItemReader !== undefined)
      Object.assign(states, inlineDistributedMap(name, state));
    else states[name] = state.Type === 'Wait' ? timerTask(state) : state;
  }
  return { ...substituted, States: states };
}

/** The path prefix of an ItemSelector field taken from the item itself. */
const ITEM_VALUE = '$$.Map.Item.Value';

/**
 * The local engine runs Map states inline only, with neither ItemReader nor ItemBatcher: a
 * Distributed Map becomes a Task of the same name calling the local item reader, which reads the
 * items, applies the ItemSelector and makes the batches as Step Functions does, then an inline Map
 * over those batches running the same ItemProcessor. The ItemSelector's fields from the state
 * input are evaluated by the engine in the reader's Parameters; those from the item
 * (`$$.Map.Item.Value.<field>`) by the reader. Results stay in the run (ResultWriter is S3's).
 */
function inlineDistributedMap(name: string, map: MapState): Record<string, State> {
  const fromInput: Record<string, unknown> = {};
  const fromItem: Record<string, string> = {};
  for (const [key, value] of Object.entries(map.ItemSelector ?? {})) {
    if (key.endsWith('.$') && typeof value === 'string' && value.startsWith(ITEM_VALUE))
      fromItem[key.slice(0, -2)] = value.slice(ITEM_VALUE.length).replace(/^\./, '');
    else fromInput[key] = value;
  }
  const batches = `${name}: batches`;
  const { ItemReader, ItemSelector: _selector, ItemBatcher, ResultWriter: _writer, ...inline } = map;
  return {
    [name]: {
      Type: 'Task',
      Comment: "Local item reader standing in for the Distributed Map's ItemReader and ItemBatcher",
      Resource: LOCAL_ITEM_READER_ARN,
      Parameters: {
        reader: ItemReader?.Parameters ?? {},
        fromInput,
        fromItem,
        ...(ItemBatcher === undefined ? {} : { batchSize: ItemBatcher.MaxItemsPerBatch }),
      },
      ResultPath: LOCAL_ITEMS_PATH,
      Next: batches,
    },
    [batches]: {
      ...inline,
      ItemsPath: LOCAL_ITEMS_PATH,
      ItemProcessor: { ...inline.ItemProcessor, ProcessorConfig: { Mode: 'INLINE' } },
    },
  };
}

/**
 * The local engine fails any Task after 60 s of wall time unless it says otherwise, which would end
 * every wait longer than a real minute with States.Timeout. The timer's own clock decides when it
 * ends, so its Task may run as long as a Node timer can count (about 24.8 days).
 */
const TIMER_TIMEOUT_SECONDS = Math.floor(2_147_483_647 / 1000);

function timerTask(wait: Extract<State, { Type: 'Wait' }>): TaskState {
  const parameters = 'Seconds' in wait ? { seconds: wait.Seconds } : { 'timestamp.$': wait.TimestampPath };
  const transition = wait.End === true ? { End: true as const } : { Next: wait.Next ?? '' };
  return {
    Type: 'Task',
    Comment: 'Local timer standing in for a Wait state',
    Resource: LOCAL_TIMER_ARN,
    Parameters: parameters,
    ResultPath: null,
    TimeoutSeconds: TIMER_TIMEOUT_SECONDS,
    ...transition,
  };
}

/**
 * The local definition cut at its timers, as the runner runs it: each timer ends the engine run
 * there, and `after` says where the journey goes on once the timer is due (nowhere when the wait
 * ended the definition). A run that ends of itself costs the engine less than one stopped from
 * outside, and between runs a sleeping journey is data, not a suspended engine.
 */
export function cutAtTimers(local: StateMachine): {
  definition: StateMachine;
  after: ReadonlyMap<string, string | undefined>;
} {
  const states: Record<string, State> = {};
  const after = new Map<string, string | undefined>();
  for (const [name, state] of Object.entries(local.States)) {
    if (state.Type === 'Task' && state.Resource === LOCAL_TIMER_ARN) {
      after.set(name, state.Next);
      const { Next: _next, ...timer } = state;
      states[name] = { ...timer, End: true };
    } else states[name] = state;
  }
  return { definition: { ...local, States: states }, after };
}

/**
 * The definition a resumed execution runs: it starts at the state it was in, and only the states
 * reachable from there are kept, since the engine refuses a definition with unreachable states.
 */
export function reachableFrom(definition: StateMachine, start: string): StateMachine {
  const kept: Record<string, State> = {};
  const pending = [start];
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    const state = definition.States[name];
    if (state === undefined || kept[name] !== undefined) continue;
    kept[name] = state;
    pending.push(...edgesOf(name, state).map((edge) => edge.to));
  }
  return { ...definition, StartAt: start, States: kept };
}
