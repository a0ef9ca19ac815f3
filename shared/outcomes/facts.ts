import type { EventEnvelope } from '../events/envelope.ts';
import type { DeliveryDetail } from '../ingest/delivery-mapping.ts';
import type { JourneyRecord } from '../journeys/journey-store.ts';
import type { LedgerRecord } from '../ledger/ledger-record.ts';
import type { OutcomeFact } from './outcome-fact.ts';

/**
 * The facts each part of the runtime writes, built here so every writer gives the same fact the
 * same id and the same content (a retried writer's copy is then a duplicate the reports drop).
 */

const iso = (time: string): string => new Date(time).toISOString();

/** What every fact of a journey says of it: who, which scenario, version and program, and its group. */
function journeyColumns(journey: JourneyRecord, program: string) {
  return {
    profile_id: journey.profileId,
    scenario: journey.scenario,
    ...(journey.version === undefined ? {} : { version: journey.version }),
    program,
    execution: journey.execution,
    grp: journey.group,
  };
}

/** An entry and one assignment per split, for a journey whose start is recorded. */
export function entryFacts(journey: JourneyRecord, program: string): OutcomeFact[] {
  const common = { occurred_at: iso(journey.enteredAt), ...journeyColumns(journey, program) };
  return [
    { id: `entry:${journey.execution}`, kind: 'entry', ...common, event_id: journey.eventId },
    ...Object.entries(journey.variants).map(
      ([step, variant]): OutcomeFact => ({
        id: `variant:${journey.execution}:${step}`,
        kind: 'variant',
        ...common,
        step,
        variant,
      }),
    ),
  ];
}

/** The decided outcome of a send step; undefined while it is not decided (claim, deferral). */
export function messageFact(entry: LedgerRecord): OutcomeFact | undefined {
  if (entry.outcome === 'sending' || entry.outcome === 'deferred') return undefined;
  return {
    id: `message:${entry.execution}:${entry.step}`,
    kind: 'message',
    occurred_at: iso(entry.at),
    profile_id: entry.profileId,
    scenario: entry.scenario,
    execution: entry.execution,
    step: entry.step,
    ...(entry.variant === undefined ? {} : { variant: entry.variant }),
    channel: entry.channel,
    outcome: entry.outcome,
    ...(entry.reason === undefined ? {} : { reason: entry.reason }),
    ...(entry.providerMessageId === undefined ? {} : { message_id: entry.providerMessageId }),
  };
}

/** A provider's delivery event (delivered, opened, clicked, bounced…) of a journey's message. */
export function deliveryFact(event: EventEnvelope, detail: DeliveryDetail): OutcomeFact {
  const [channel, outcome] = event['detail-type'].split('.');
  return {
    id: `delivery:${event.id}`,
    kind: 'delivery',
    occurred_at: iso(event.time),
    profile_id: detail.profileId,
    scenario: detail.scenario,
    step: detail.step,
    ...(detail.variant === undefined ? {} : { variant: detail.variant }),
    ...(channel === 'email' || channel === 'sms' ? { channel } : {}),
    ...(outcome === undefined ? {} : { outcome }),
    message_id: detail.messageId,
    event_id: event.id,
  };
}

export type Revenue = { readonly value: number; readonly currency: string };

/** The last message of the journey sent before the conversion, which it is attributed to. */
export type Touch = { readonly step: string; readonly channel: 'email' | 'sms' | 'push' };

/** A journey's conversion by a goal event, with its value and its last touch. */
export function conversionFact(
  journey: JourneyRecord,
  program: string,
  event: EventEnvelope,
  revenue: Revenue | undefined,
  touch: Touch | undefined,
): OutcomeFact {
  return {
    id: `conversion:${journey.execution}`,
    kind: 'conversion',
    occurred_at: iso(event.time),
    ...journeyColumns(journey, program),
    ...(touch === undefined ? {} : { step: touch.step, channel: touch.channel }),
    event_id: event.id,
    ...(revenue === undefined ? {} : { value: revenue.value, currency: revenue.currency }),
  };
}
