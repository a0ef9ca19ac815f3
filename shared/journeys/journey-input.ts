import * as z from 'zod/mini';

/**
 * The ids of a journey, passed to every Task of its execution. Nothing personal: functions load
 * addresses and the trigger event from the table with these ids.
 */
export const JourneyRef = z.object({
  scenario: z.string().check(z.minLength(1)),
  profileId: z.string().check(z.minLength(1)),
  key: z.string().check(z.minLength(1)),
  execution: z.string().check(z.minLength(1)),
  eventId: z.string().check(z.minLength(1)),
  enteredAt: z.iso.datetime({ offset: true }),
  /** The scenario version the journey entered on: every step runs that version's steps and templates. */
  version: z.optional(z.string().check(z.minLength(1))),
});
export type JourneyRef = z.infer<typeof JourneyRef>;

/** The trigger event as the execution holds it: the envelope and only the fields Choice states read. */
export const ProjectedEvent = z.object({
  id: z.string(),
  source: z.string(),
  'detail-type': z.string(),
  time: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type ProjectedEvent = z.infer<typeof ProjectedEvent>;

/** An execution's input, built when ingest starts the journey. */
export const JourneyInput = z.object({
  journey: JourneyRef,
  event: ProjectedEvent,
  buckets: z.record(z.string(), z.number().check(z.gte(0), z.lt(100))),
});
export type JourneyInput = z.infer<typeof JourneyInput>;
