import * as z from 'zod/mini';
import { EntryOutcomeRecord } from '../journeys/entry-outcomes.ts';

/**
 * Something an accepted event could not keep whole: an aggregate cut to stay under DynamoDB's
 * item limit, or profile data (traits, opt-ins, push tokens) removed to make room for an opt-out
 * (see fitProfile). The event was
 * processed; the warning says what was lost.
 */
export const IngestWarning = z.object({
  kind: z.enum(['aggregate-truncated', 'data-removed']),
  eventId: z.string(),
  profileId: z.string(),
  warning: z.string(),
});
export type IngestWarning = z.infer<typeof IngestWarning>;

/** A journey a goal event converted, for metrics: ids and the value, nothing personal. */
export const Conversion = z.object({
  scenario: z.string(),
  program: z.string(),
  value: z.optional(z.number()),
  currency: z.optional(z.string()),
});
export type Conversion = z.infer<typeof Conversion>;

/**
 * What one batch did. `recovered` counts events an earlier delivery had started but not finished
 * (it crashed or failed midway), finished by this one; `failed` events should be redelivered
 * (see ingestEvents). Rejections and failures name the event and, when known, the customer.
 * Built on first use: the functions return reports and never parse one (the local tools do).
 */
export const IngestReport = z.lazy(() =>
  z.object({
    accepted: z.number().check(z.int()),
    recovered: z.number().check(z.int()),
    duplicates: z.number().check(z.int()),
    rejected: z.array(
      z.object({ eventId: z.string(), profileId: z.optional(z.string()), reason: z.string() }),
    ),
    resumed: z.number().check(z.int()),
    /** Each journey converted by this batch. */
    conversions: z.array(Conversion),
    failed: z.array(z.object({ eventId: z.string(), profileId: z.string(), error: z.string() })),
    /** Each scenario an accepted event triggered: started, or why not. */
    entries: z.array(EntryOutcomeRecord),
    warnings: z.array(IngestWarning),
  }),
);
export type IngestReport = z.infer<typeof IngestReport>;

export function emptyReport(): IngestReport {
  return {
    accepted: 0,
    recovered: 0,
    duplicates: 0,
    rejected: [],
    resumed: 0,
    conversions: [],
    failed: [],
    entries: [],
    warnings: [],
  };
}

/** The outcome of one event, folded into the batch's report. */
export type EventOutcome =
  | {
      readonly kind: 'accepted' | 'recovered';
      readonly resumed: number;
      readonly conversions: readonly Conversion[];
      readonly entries?: readonly EntryOutcomeRecord[];
      readonly warnings?: readonly IngestWarning[];
    }
  | { readonly kind: 'duplicate' }
  | {
      readonly kind: 'rejected';
      readonly eventId: string;
      readonly profileId: string | undefined;
      readonly reason: string;
    }
  | { readonly kind: 'failed'; readonly eventId: string; readonly profileId: string; readonly error: string };

/**
 * Folds one event's outcome into `report`, in place: a daily sweep folds thousands of transitions
 * into one report, which copying its lists at each outcome would make quadratic.
 */
export function addOutcome(report: IngestReport, outcome: EventOutcome): void {
  switch (outcome.kind) {
    case 'accepted':
    case 'recovered':
      if (outcome.kind === 'accepted') report.accepted += 1;
      else report.recovered += 1;
      report.resumed += outcome.resumed;
      report.conversions.push(...outcome.conversions);
      report.entries.push(...(outcome.entries ?? []));
      report.warnings.push(...(outcome.warnings ?? []));
      return;
    case 'duplicate':
      report.duplicates += 1;
      return;
    case 'rejected':
      report.rejected.push({
        eventId: outcome.eventId,
        ...(outcome.profileId === undefined ? {} : { profileId: outcome.profileId }),
        reason: outcome.reason,
      });
      return;
    case 'failed':
      report.failed.push({ eventId: outcome.eventId, profileId: outcome.profileId, error: outcome.error });
      return;
  }
}
