import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import { ERROR_NAMES } from '../../language/error-names.ts';
import { WaitSpec } from '../../language/wait-spec.ts';
import { JourneyRef } from '../journeys/journey-input.ts';
import { resolveTimeZone } from '../schedule/local-time.ts';
import { quietHoursEnd } from '../schedule/quiet-hours.ts';
import { resolveWake } from '../schedule/resolve-wait.ts';
import { isRecord } from '../store/field-path.ts';
import { enterStep, type StepDeps } from './step-context.ts';

/** A Schedule task: the wait of a step, or the end of the quiet hours a send fell into. */
export const ScheduleInput = z.object({
  step: z.string(),
  journey: JourneyRef,
  wait: z.optional(WaitSpec),
  quietHours: z.optional(Channel),
  event: z.optional(z.unknown()),
});
export type ScheduleInput = z.infer<typeof ScheduleInput>;

/** Step Functions' Wait state reads `at` through TimestampPath. */
export type Wake = { at: string };

export class ScheduleError extends Error {
  override readonly name = ERROR_NAMES.scheduleFailed;
}

/** Caught by the state machine, which ends the journey in the wait's "date passed" state. */
export class DatePassedError extends Error {
  override readonly name = ERROR_NAMES.datePassed;
}

/**
 * When the journey should wake up, in the profile's time zone. A date that cannot be read fails
 * the step with the field named, rather than guessing a time; a date already past ends the journey
 * (see resolveWake) unless the step says `if-passed: continue`.
 */
export async function scheduleWake(input: ScheduleInput, deps: StepDeps): Promise<Wake> {
  const context = await enterStep(input.journey, deps);
  const timeZone = resolveTimeZone(context.profile?.timeZone, deps.bundle.config['time-zone']);
  if (input.wait !== undefined) {
    const wake = resolveWake(input.wait, {
      now: context.now,
      timeZone,
      profile: context.conditions.profile,
      event: isRecord(context.trigger) ? context.trigger : {},
    });
    if ('error' in wake) throw new ScheduleError(`${input.journey.scenario}/${input.step}: ${wake.error}`);
    if ('passed' in wake)
      throw new DatePassedError(`${input.journey.scenario}/${input.step}: date-passed, ${wake.passed}`);
    return { at: wake.at.toISOString() };
  }
  const quiet = deps.bundle.config['quiet-hours'];
  const until = quiet === undefined ? undefined : quietHoursEnd(context.now, quiet, timeZone);
  return { at: (until ?? context.now).toISOString() };
}
