import * as z from 'zod/mini';
import { EventPattern } from '../../language/event-pattern.ts';
import type { RuntimeBundle } from '../../language/runtime-bundle.ts';
import type { Clock } from '../clock/clock.ts';
import type { ItemStore } from '../store/item-store.ts';
import { goalReached } from './goal.ts';
import { ConvertedError } from './journey-errors.ts';
import { JourneyRef } from './journey-input.ts';
import { scenarioGoal } from './scenario-goal.ts';
import { registerWait, takeWait } from './waiting-store.ts';

/** The Payload the compiled `wait-for` Task passes (see compile-scenario.ts). */
export const WaitForInput = z.object({
  step: z.string().check(z.minLength(1)),
  journey: JourneyRef,
  token: z.string().check(z.minLength(1)),
  event: EventPattern,
  timeoutSeconds: z.int().check(z.positive()),
});
export type WaitForInput = z.infer<typeof WaitForInput>;

export type WaitForDeps = {
  readonly store: ItemStore;
  readonly bundle: RuntimeBundle;
  readonly clock: Clock;
};

/**
 * `waiting`: the token is stored and ingest will resume the execution (or Step Functions times it
 * out). `taken`: ingest took the token between registration and the goal re-check, so it resumes
 * or ends the execution itself.
 */
export type WaitForOutcome = { outcome: 'waiting' | 'taken' };

/**
 * Registers the task token of a `wait-for` step. A journey whose goal is already reached ends as
 * converted instead (ConvertedError, which the state machine catches), because waiting for an
 * engagement event makes no sense once the customer converted.
 */
export async function waitFor(payload: unknown, deps: WaitForDeps): Promise<WaitForOutcome> {
  const input = WaitForInput.parse(payload);
  const goal = scenarioGoal(deps.bundle, input.journey);
  if (await goalReached(deps.store, input.journey, goal)) throw new ConvertedError();

  const wait = await registerWait(
    deps.store,
    {
      journey: input.journey,
      step: input.step,
      token: input.token,
      pattern: input.event,
      timeoutSeconds: input.timeoutSeconds,
    },
    deps.clock.now(),
  );

  // A goal event ingested between the first check and the registration found no wait to end;
  // checking again after registering closes that gap (ingest marks the journey before it looks).
  if (await goalReached(deps.store, input.journey, goal)) {
    if (await takeWait(deps.store, wait)) throw new ConvertedError();
    return { outcome: 'taken' };
  }
  return { outcome: 'waiting' };
}
