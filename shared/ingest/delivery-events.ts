import * as z from 'zod/mini';
import { $ZodError } from 'zod/v4/core';
// So that an ignored event's reason names what is wrong in words where no classic zod loads.
import '../config/zod-messages.ts';
import { suppress } from '../consent/suppression-store.ts';
import type { EventEnvelope } from '../events/envelope.ts';
import { deliveryFact } from '../outcomes/facts.ts';
import { isRecord } from '../store/field-path.ts';
import { applyEvents, type IngestDeps } from './apply-events.ts';
import type { ProviderMapping } from './delivery-mapping.ts';
import { DeliveryDetail } from './delivery-mapping.ts';
import { IngestReport } from './ingest-report.ts';
import { fromSesEvent, SesEvent } from './ses-delivery.ts';
import { fromSmsEvent, SmsEvent } from './sms-delivery.ts';
import { validateEnvelope } from './validate-envelope.ts';

const PROVIDER_SOURCES = new Set(['aws.ses', 'aws.sms-voice']);

/** Whether an event comes from a channel provider (SES, End User Messaging SMS) rather than an app. */
export function isProviderEvent(raw: unknown): boolean {
  return isRecord(raw) && typeof raw.source === 'string' && PROVIDER_SOURCES.has(raw.source);
}

/**
 * Turns a provider's delivery event into suppressions and Parcours events (`email.opened`,
 * `sms.delivered`…) that carry the journey's ids and never an address. Pure.
 */
export function fromProviderEvent(raw: unknown): ProviderMapping {
  if (!isRecord(raw) || typeof raw.source !== 'string') return { ignored: 'source: missing' };
  try {
    switch (raw.source) {
      case 'aws.ses': {
        const ses = SesEvent.safeParse(raw);
        return ses.success ? fromSesEvent(ses.data) : { ignored: describe(ses.error) };
      }
      case 'aws.sms-voice': {
        const sms = SmsEvent.safeParse(raw);
        return sms.success ? fromSmsEvent(sms.data) : { ignored: describe(sms.error) };
      }
      default:
        return { ignored: `source: "${raw.source}" is not a channel provider` };
    }
  } catch (error) {
    // A tag the envelope refuses (a profile id over 200 characters) costs this event, not the batch.
    // The envelope is zod/mini, whose errors are not classic ZodErrors: both kinds are $ZodErrors.
    // Imported by name: `z.core.$ZodError` would bring the whole of zod's core, every locale and
    // the JSON Schema conversions included, into the bundle (about 300 KB).
    if (error instanceof $ZodError) return { ignored: describe(error) };
    throw error;
  }
}

export const ProviderIngestReport = z.lazy(() =>
  // zod/mini has no unwrap(): innerType is the object the lazy schema builds on first use.
  z.extend(IngestReport._zod.innerType, {
    suppressed: z.number().check(z.int()),
    /** Why each provider event that produced nothing was left aside. */
    ignored: z.array(z.string()),
  }),
);
export type ProviderIngestReport = z.infer<typeof ProviderIngestReport>;

/**
 * Applies the suppressions first, so no journey resumed by the bounce can still send to the
 * address, then ingests the Parcours events like any app event (wait-for, goals, aggregates).
 */
export async function ingestProviderEvents(
  raws: readonly unknown[],
  deps: IngestDeps,
): Promise<ProviderIngestReport> {
  const events: EventEnvelope[] = [];
  const ignored: string[] = [];
  let suppressed = 0;
  for (const raw of raws) {
    const mapping = fromProviderEvent(raw);
    if ('ignored' in mapping) {
      ignored.push(mapping.ignored);
      continue;
    }
    for (const { channel, address, reason, at } of mapping.suppressions) {
      await suppress(deps.store, channel, address, reason, at);
      suppressed += 1;
    }
    events.push(...mapping.events);
  }
  // Only here, never for an app's event: a delivery fact comes from the provider, not a claim.
  await deps.facts.append(events.flatMap(deliveryFactOf));
  const report = await applyEvents(events, deps, validateEnvelope);
  return { ...report, suppressed, ignored };
}

function deliveryFactOf(event: EventEnvelope) {
  const detail = DeliveryDetail.safeParse(event.detail);
  return detail.success ? [deliveryFact(event, detail.data)] : [];
}

function describe(error: $ZodError): string {
  return error.issues.map((issue) => `${issue.path.map(String).join('.')}: ${issue.message}`).join('; ');
}
