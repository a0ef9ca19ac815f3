import * as z from 'zod/mini';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { TriggerForm } from '../../language/trigger-forms.ts';
import type { EventEnvelope } from '../events/envelope.ts';

/**
 * The trigger event of a journey the clock starts: one per customer and occurrence, never
 * published, made the same on every attempt so a repeated firing finds the entry already decided.
 * Steps read it like any trigger (`event.detail.occurrence`, `event.time`).
 */

/** Where the occurrence (its reading, "2027-01-04T10:00") is in the event: the journey key. */
export const OCCURRENCE_PATH = 'detail.occurrence';

export const OCCURRENCE_EVENTS: Readonly<Record<Exclude<TriggerForm, 'segment'>, string>> = {
  schedule: 'schedule.occurred',
  anniversary: 'anniversary.occurred',
};

export const Occurrence = z.object({
  scenario: z.string().check(z.minLength(1)),
  form: z.enum(['schedule', 'anniversary'] satisfies Exclude<TriggerForm, 'segment'>[]),
  /** The wall-clock reading that names the occurrence, "2027-01-04T10:00". */
  reading: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)),
});
export type Occurrence = z.infer<typeof Occurrence>;

export function occurrenceEvent(occurrence: Occurrence, profileId: string, deliveredAt: Date): EventEnvelope {
  return {
    id: `${occurrence.scenario}/${occurrence.reading}/${profileId}`,
    source: PARCOURS_SOURCES.schedules,
    'detail-type': OCCURRENCE_EVENTS[occurrence.form],
    time: deliveredAt.toISOString(),
    detail: { profileId, scenario: occurrence.scenario, occurrence: occurrence.reading },
  };
}
