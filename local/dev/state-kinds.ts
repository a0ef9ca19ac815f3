import * as z from 'zod';
import type { ProjectScenario } from '../../state-machines/compile-project.ts';
import type { State } from '../../state-machines/compiler/asl.ts';
import { functionResource, WAIT_FOR_TASK_TOKEN } from '../../state-machines/compiler/resources.ts';

/**
 * What a compiled state means for the log. Sends are told by their ledger outcome rather than by
 * entering them, and helper states (Check, Schedule, Choice) are the compiler's plumbing: a
 * newcomer reading the log should see the steps they wrote, not the state machine's internals.
 */
export type StateKind =
  | {
      readonly kind: 'wait';
      readonly seconds: number | undefined;
      readonly timestampPath: string | undefined;
    }
  | { readonly kind: 'wait-for'; readonly timeoutSeconds: number }
  | { readonly kind: 'send'; readonly step: string }
  | { readonly kind: 'step' }
  | { readonly kind: 'quiet' };

const SendParameters = z.looseObject({ step: z.string() });
const WaitForParameters = z.looseObject({ Payload: z.looseObject({ timeoutSeconds: z.number() }) });

export function stateKind(state: State | undefined): StateKind {
  if (state === undefined) return { kind: 'quiet' };
  switch (state.Type) {
    case 'Wait':
      return {
        kind: 'wait',
        seconds: 'Seconds' in state ? state.Seconds : undefined,
        timestampPath: 'TimestampPath' in state ? state.TimestampPath : undefined,
      };
    case 'Task':
      return taskKind(state.Resource, state.Parameters);
    default:
      return { kind: 'quiet' };
  }
}

function taskKind(resource: string, parameters: unknown): StateKind {
  if (resource === functionResource('send')) {
    const parsed = SendParameters.safeParse(parameters);
    return parsed.success ? { kind: 'send', step: parsed.data.step } : { kind: 'quiet' };
  }
  if (resource === WAIT_FOR_TASK_TOKEN) {
    const parsed = WaitForParameters.safeParse(parameters);
    return { kind: 'wait-for', timeoutSeconds: parsed.success ? parsed.data.Payload.timeoutSeconds : 0 };
  }
  if (resource === functionResource('check') || resource === functionResource('schedule')) {
    return { kind: 'quiet' };
  }
  return { kind: 'step' };
}

/** Reads `$.a.b` from a state's input: where a Wait that follows a Schedule finds its wake-up time. */
export function readJsonPath(input: unknown, path: string): unknown {
  let current = input;
  for (const segment of path.replace(/^\$\.?/, '').split('.')) {
    if (segment === '') continue;
    if (typeof current !== 'object' || current === null || !(segment in current)) return undefined;
    current = Reflect.get(current, segment);
  }
  return current;
}

/**
 * When an execution first entered the state it is in. A resumed execution enters its state again
 * (once per restart), and a wait counts from the first of those entries, not from the restart.
 */
export function enteredCurrentStateAt(states: readonly { name: string; at: string }[]): string | undefined {
  const last = states.at(-1);
  if (last === undefined) return undefined;
  let first = last;
  for (let index = states.length - 2; index >= 0; index -= 1) {
    const state = states[index];
    if (state?.name !== last.name) break;
    first = state;
  }
  return first.at;
}

/** Scenario → send state → step id: how a trace puts each ledger record under the state that wrote it. */
export type SendStates = Record<string, Record<string, string>>;

export function sendStatesOf(scenarios: readonly ProjectScenario[]): SendStates {
  return Object.fromEntries(
    scenarios.map(({ scenario, compiled }) => [
      scenario.id,
      Object.fromEntries(
        Object.entries(compiled.definition.States).flatMap(([name, state]) => {
          const kind = stateKind(state);
          return kind.kind === 'send' ? [[name, kind.step]] : [];
        }),
      ),
    ]),
  );
}
