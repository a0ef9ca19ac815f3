import * as z from 'zod/mini';
import { Duration } from './duration.ts';

/*
 * What a wait step waits for: apart from the step schemas, so that the schedule function does not
 * build every step's schema when it loads. In zod/mini, like every schema the schedule function
 * reads (see tests/unit/architecture/imports.test.ts).
 */

export const Weekday = z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
export type Weekday = z.infer<typeof Weekday>;

/** Local time of day in the profile's time zone, "HH:MM-HH:MM"; it may wrap past midnight. */
export const TimeWindow = z.string().check(
  z.regex(
    /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/,
    'expected a local time window such as "09:00-20:00"',
  ),
  z.refine(
    (window) => window.slice(0, 5) !== window.slice(6),
    'a window must not start and end at the same time',
  ),
);
export type TimeWindow = z.infer<typeof TimeWindow>;

const TimestampSource = z
  .string()
  .check(
    z.regex(
      /^(profile|event)\.[\w$-]+(\.[\w$-]+)*$/,
      'expected "profile.<field>" or "event.<field>", e.g. "profile.renewalDate"',
    ),
  );

/** At least one day of the week. */
const Weekdays = z.array(Weekday).check(z.minLength(1));

const WindowSpec = z.strictObject({
  window: TimeWindow,
  days: z.optional(Weekdays).check(z.meta({ description: 'Only on these days (default: every day).' })),
});
export type WindowSpec = z.infer<typeof WindowSpec>;

/** What a wait `until` a date does when that date is already past. */
export const IfPassed = z.enum(['exit', 'continue']);
export type IfPassed = z.infer<typeof IfPassed>;

export const WaitSpec = z
  .strictObject({
    for: z.optional(Duration).check(z.meta({ description: 'Wait this long.' })),
    until: z
      .optional(TimestampSource)
      .check(z.meta({ description: 'Wait until this timestamp of the profile or the event.' })),
    before: z
      .optional(Duration)
      .check(z.meta({ description: 'With "until": wake this long before the timestamp.' })),
    after: z
      .optional(Duration)
      .check(z.meta({ description: 'With "until": wake this long after the timestamp.' })),
    'if-passed': z.optional(IfPassed).check(
      z.meta({
        description:
          'With "until": what happens when the wake-up is already more than an hour past as the journey reaches the wait. "exit" (the default) ends the journey, recorded as date-passed; "continue" goes on at once. "until" is one date, once: a birth date is always past, so it is not a birthday.',
      }),
    ),
    window: z
      .optional(TimeWindow)
      .check(z.meta({ description: 'Wait until the local time is inside this window.' })),
    days: z.optional(Weekdays),
    // biome-ignore lint/suspicious/noThenProperty: `then` reads naturally in YAML (wait 1 day, then until 09:00); specs are never awaited.
    then: z
      .optional(WindowSpec)
      .check(z.meta({ description: 'After "for" or "until", also wait for this local window.' })),
  })
  .check(
    z.superRefine((spec, ctx) => {
      const bases = (['for', 'until', 'window'] as const).filter((key) => spec[key] !== undefined);
      if (bases.length !== 1) {
        ctx.addIssue({ code: 'custom', message: 'a wait needs exactly one of "for", "until" or "window"' });
      }
      if ((spec.before !== undefined || spec.after !== undefined) && spec.until === undefined) {
        ctx.addIssue({ code: 'custom', message: '"before" and "after" only apply to "until"' });
      }
      if (spec['if-passed'] !== undefined && spec.until === undefined) {
        ctx.addIssue({ code: 'custom', path: ['if-passed'], message: '"if-passed" only applies to "until"' });
      }
      if (spec.before !== undefined && spec.after !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['after'],
          message: 'use either "before" or "after", not both',
        });
      }
      if (spec.days !== undefined && spec.window === undefined) {
        ctx.addIssue({ code: 'custom', path: ['days'], message: '"days" only applies to "window"' });
      }
      if (spec.then !== undefined && spec.window !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['then'],
          message: '"then" follows "for" or "until", not "window"',
        });
      }
    }),
  );
export type WaitSpec = z.infer<typeof WaitSpec>;

/**
 * Whether the journey ends at this wait when its date is already past: the schedule function
 * throws the date-passed error exactly when the compiled state catches it, so both ask here.
 */
export function endsWhenDatePassed(wait: WaitSpec): boolean {
  return wait.until !== undefined && wait['if-passed'] !== 'continue';
}
