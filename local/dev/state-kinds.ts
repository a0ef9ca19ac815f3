import { z } from 'zod';
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
