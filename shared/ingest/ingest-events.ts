import { loadPhoneLibrary } from '../channels/phone-library.ts';
import { applyEvents, type IngestDeps } from './apply-events.ts';
import type { IngestReport } from './ingest-report.ts';
import { validateEvent } from './validate-event.ts';

/**
 * Ingests apps' events (see applyEvents), their documented details checked too: the contact fields
 * of `profile.updated`, with libphonenumber, which is why this entry is apart from the core that
 * functions taking no app event share. The library is loaded only for a batch that carries a
 * phone number, the one field that needs it.
 */
export async function ingestEvents(events: readonly unknown[], deps: IngestDeps): Promise<IngestReport> {
  if (events.some(carriesPhoneNumber)) await loadPhoneLibrary();
  return applyEvents(events, deps, validateEvent);
}

/** A `profile.updated` with a `phone`, valid or not: what ProfileUpdatedDetail reads with libphonenumber. */
function carriesPhoneNumber(raw: unknown): boolean {
  if (typeof raw !== 'object' || raw === null) return false;
  if (Reflect.get(raw, 'detail-type') !== 'profile.updated') return false;
  const detail: unknown = Reflect.get(raw, 'detail');
  return typeof detail === 'object' && detail !== null && Object.hasOwn(detail, 'phone');
}
