import { z } from 'zod';

/** What one batch did; `failed` events were undone and should be redelivered (see ingestEvents). */
export const IngestReport = z.object({
  accepted: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.array(z.object({ eventId: z.string(), reason: z.string() })),
  resumed: z.number().int(),
  converted: z.number().int(),
  failed: z.array(z.object({ eventId: z.string(), error: z.string() })),
});
export type IngestReport = z.infer<typeof IngestReport>;

export function emptyReport(): IngestReport {
  return { accepted: 0, duplicates: 0, rejected: [], resumed: 0, converted: 0, failed: [] };
}

/** The outcome of one event, folded into the batch's report. */
export type EventOutcome =
  | { readonly kind: 'accepted'; readonly resumed: number; readonly converted: number }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'rejected'; readonly eventId: string; readonly reason: string }
  | { readonly kind: 'failed'; readonly eventId: string; readonly error: string };

export function addOutcome(report: IngestReport, outcome: EventOutcome): IngestReport {
  switch (outcome.kind) {
    case 'accepted':
      return {
        ...report,
        accepted: report.accepted + 1,
        resumed: report.resumed + outcome.resumed,
        converted: report.converted + outcome.converted,
      };
    case 'duplicate':
      return { ...report, duplicates: report.duplicates + 1 };
    case 'rejected':
      return {
        ...report,
        rejected: [...report.rejected, { eventId: outcome.eventId, reason: outcome.reason }],
      };
    case 'failed':
      return { ...report, failed: [...report.failed, { eventId: outcome.eventId, error: outcome.error }] };
  }
}
