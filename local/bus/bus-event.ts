import * as z from 'zod';
import { isRecord } from '../../shared/store/field-path.ts';

/** The account every local event claims: AWS's documented placeholder, so no real id leaks into tests. */
export const LOCAL_ACCOUNT = '000000000000';

/**
 * A detail is checked to be a JSON object and kept as it came, never rebuilt: a zod record copies
 * the object without its `__proto__` key, which ingest must see to keep the event as rejected, as
 * it does on AWS; and an event delivered again must be the very event that was accepted.
 */
export const DetailAsSent = z.custom<Record<string, unknown>>(isRecord, {
  message: 'expected a JSON object',
});

/**
 * An event as EventBridge delivers it to a rule's target: the PutEvents entry wrapped in the
 * envelope AWS adds. Subscribers of the local bus receive exactly this shape, so code written
 * against it runs unchanged behind a real rule.
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-events-structure.html
 */
export const BusEvent = z.object({
  version: z.literal('0'),
  id: z.string().min(1),
  'detail-type': z.string().min(1),
  source: z.string().min(1),
  account: z.string().min(1),
  time: z.iso.datetime({ offset: true }),
  region: z.string().min(1),
  resources: z.array(z.string()),
  detail: DetailAsSent,
});
export type BusEvent = z.infer<typeof BusEvent>;

/**
 * What an in-process publisher hands to `bus.publish`: an envelope whose bookkeeping fields the bus
 * fills in when absent (a replayed event keeps its id and time).
 */
export const BusEventInput = BusEvent.partial({
  version: true,
  id: true,
  account: true,
  time: true,
  region: true,
  resources: true,
});
export type BusEventInput = z.infer<typeof BusEventInput>;

/** EventBridge stamps whole seconds (`2026-03-01T10:00:00Z`), never milliseconds. */
export function eventTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
