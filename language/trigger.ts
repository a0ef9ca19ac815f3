import * as z from 'zod';
import { isCalendarDate } from './calendar-date.ts';
import { Channel } from './channel.ts';
import { parseCron } from './cron.ts';
import { Duration, durationSeconds } from './duration.ts';
import { EventPattern } from './event-pattern.ts';
import { Name } from './field-path.ts';
import { TimeZone } from './time-zone.ts';
import { TRIGGER_FORMS } from './trigger-forms.ts';

/** A wall-clock date and time, with no zone: the zone is the schedule's, or each customer's. */
const LocalDateTimeText = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/,
    'expected a local date and time such as "2027-01-04T10:00"',
  )
  .refine((text) => isCalendarDate(text.slice(0, 10)), 'no such date');

const TimeOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a local time such as "09:00"');

/** Who a broadcast goes to: the members of a segment, everyone reachable on a channel, or both. */
export const Audience = z
  .strictObject({
    segment: z.optional(Name).meta({ description: 'Members of this segment (from parcours.config.yaml).' }),
    reachable: z.optional(Channel).meta({
      description:
        'Only customers with an address on this channel and no opt-out of it (an SMS needs an explicit opt-in).',
    }),
  })
  .refine((audience) => audience.segment !== undefined || audience.reachable !== undefined, {
    message: 'an audience names a "segment", a "reachable" channel, or both',
  });
export type Audience = z.infer<typeof Audience>;

const CronText = z.string().superRefine((text, ctx) => {
  const parsed = parseCron(text);
  if ('problems' in parsed) for (const message of parsed.problems) ctx.addIssue({ code: 'custom', message });
});

/** Each customer's own zone, or one zone for everyone. */
const ScheduleZone = z.union([z.literal('local'), TimeZone]);

export const Schedule = z
  .strictObject({
    at: LocalDateTimeText.optional().meta({ description: 'Once, at this local date and time.' }),
    cron: CronText.optional().meta({
      description:
        'Recurring, as an EventBridge Scheduler cron expression: "0 10 ? * MON#1 *" is the first Monday ' +
        'of each month at 10:00 (day of week counts 1-7 from Sunday; one of day-of-month and day-of-week is "?").',
    }),
    every: z.optional(Duration).meta({
      description: 'Recurring, every so many days or weeks ("7d", "2w") from "starting", at its local time.',
    }),
    starting: LocalDateTimeText.optional().meta({ description: 'The first occurrence of "every".' }),
    'time-zone': ScheduleZone.optional().meta({
      description:
        '"local": at that time in each customer\'s own zone (everyone gets it at 10:00 where they are). ' +
        'An IANA zone: at that time there, for everyone. Default: the project time zone.',
    }),
    audience: Audience,
  })
  .superRefine((schedule, ctx) => {
    const given = (['at', 'cron', 'every'] as const).filter((key) => schedule[key] !== undefined);
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message:
          given.length === 0
            ? 'a schedule needs one of "at", "cron" or "every"'
            : `a schedule takes one of "at", "cron" and "every", not ${given.map((key) => `"${key}"`).join(' and ')}`,
      });
    }
    if (schedule.every !== undefined) {
      if (schedule.starting === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['starting'],
          message: '"every" needs "starting", its first occurrence',
        });
      if (durationSeconds(schedule.every) % 86_400 !== 0)
        ctx.addIssue({
          code: 'custom',
          path: ['every'],
          message: '"every" counts whole days or weeks, such as "7d" or "2w"',
        });
    } else if (schedule.starting !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['starting'], message: '"starting" only goes with "every"' });
    }
  });
export type Schedule = z.infer<typeof Schedule>;

export const ScheduleTrigger = z.strictObject({ schedule: Schedule });
export type ScheduleTrigger = z.infer<typeof ScheduleTrigger>;

const SegmentTransition = z.union([
  z.strictObject({
    entered: Name.check(z.meta({ description: 'A customer becomes a member of this segment.' })),
  }),
  z.strictObject({
    exited: Name.check(z.meta({ description: 'A customer stops being a member of this segment.' })),
  }),
]);

export const SegmentTrigger = z.strictObject({ segment: SegmentTransition });
export type SegmentTrigger = z.infer<typeof SegmentTrigger>;

export const Anniversary = z.strictObject({
  date: z
    .string()
    .regex(/^profile\.[A-Za-z_$][\w$-]*$/, 'expected a profile date such as "profile.birthDate"')
    .meta({
      description:
        'A date of the profile ("YYYY-MM-DD", or a timestamp whose date part is taken), e.g. "profile.birthDate".',
    }),
  every: z.enum(['year', 'month']).default('year'),
  at: TimeOfDay.default('09:00').meta({ description: "The customer's local time of day." }),
  audience: Audience.optional().meta({ description: 'Default: every customer with the date.' }),
});
export type Anniversary = z.infer<typeof Anniversary>;

export const AnniversaryTrigger = z.strictObject({ anniversary: Anniversary });
export type AnniversaryTrigger = z.infer<typeof AnniversaryTrigger>;

/**
 * Set on the issue an alternative of a union raises when the value is evidently another form:
 * validation then explains the other alternatives' issues, not this one's.
 */
export const NOT_THIS_FORM = 'notThisForm';

/** An event pattern may not use a key that names another trigger form: no event has such a field. */
const PatternTrigger = EventPattern.check(
  z.superRefine((pattern, ctx) => {
    for (const form of TRIGGER_FORMS) {
      if (form in pattern)
        ctx.addIssue({
          code: 'custom',
          message: `"${form}" starts a ${form} trigger, written alone: trigger: { ${form}: ... }`,
          params: { [NOT_THIS_FORM]: true },
        });
    }
  }),
);

export const Trigger = z.union([ScheduleTrigger, SegmentTrigger, AnniversaryTrigger, PatternTrigger]);
export type Trigger = z.infer<typeof Trigger>;
