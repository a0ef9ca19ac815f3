import { applyEvents, type IngestDeps } from './apply-events.ts';
import type { IngestReport } from './ingest-report.ts';
import { validateEvent } from './validate-event.ts';

/**
 * Ingests apps' events (see applyEvents), their documented details checked too: the contact fields
 * of `profile.updated`, with libphonenumber, which is why this entry is apart from the core that
 * functions taking no app event share.
 */
export function ingestEvents(events: readonly unknown[], deps: IngestDeps): Promise<IngestReport> {
  return applyEvents(events, deps, validateEvent);
}
