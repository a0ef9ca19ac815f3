import type { PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import * as z from 'zod';
import { InputError, type LocatedJson } from './read-json.ts';
import { zodViolations } from './zod-violations.ts';

const JsonObject = z.record(z.string(), z.unknown());
const Timestamp = z.iso.datetime({ offset: true });

/** An event as subscribers and logs show it; the bus adds id, account and region again. */
export const EnvelopeEvent = z.looseObject({
  source: z.string().min(1),
  'detail-type': z.string().min(1),
  detail: JsonObject,
  time: Timestamp.optional(),
  resources: z.array(z.string()).optional(),
});
export type EnvelopeEvent = z.infer<typeof EnvelopeEvent>;

/**
 * A PutEvents entry as an app's code writes it. `Detail` may be the JSON string the API takes or,
 * for hand-written files, the object itself; `Time` is RFC 3339 or epoch seconds.
 */
export const EntryEvent = z.looseObject({
  Source: z.string().min(1),
  DetailType: z.string().min(1),
  Detail: z.union([z.string(), JsonObject]),
  Time: z.union([Timestamp, z.number()]).optional(),
  Resources: z.array(z.string()).optional(),
  EventBusName: z.string().min(1).optional(),
});
export type EntryEvent = z.infer<typeof EntryEvent>;

/** Capitalised keys mean the PutEvents shape; anything else is read as an envelope. */
const ENTRY_KEYS = ['Source', 'DetailType', 'Detail'];

/**
 * Turns the values of an events file into PutEvents entries for `busName` (unless an entry names
 * its own bus). Every problem of every value is reported at once, each as `where:path: message`.
 */
export function toPutEventsEntries(values: readonly LocatedJson[], busName: string): PutEventsRequestEntry[] {
  const problems: string[] = [];
  const entries: PutEventsRequestEntry[] = [];
  for (const { value, where } of values) {
    const object = JsonObject.safeParse(value);
    if (!object.success) {
      problems.push(
        `${where}: expected an event object, {source, detail-type, detail} or {Source, DetailType, Detail}`,
      );
      continue;
    }
    const entry = ENTRY_KEYS.some((key) => Object.hasOwn(object.data, key))
      ? convert(EntryEvent.safeParse(object.data), (event) => fromEntry(event, busName))
      : convert(EnvelopeEvent.safeParse(object.data), (event) => fromEnvelope(event, busName));
    if (entry.ok) entries.push(entry.entry);
    else problems.push(...zodViolations(where, entry.error));
  }
  if (problems.length > 0) throw new InputError(problems.join('\n'));
  if (entries.length === 0) throw new InputError('no events to send: the input holds an empty list');
  return entries;
}

/** The `--source --detail-type --detail` form. */
export function entryFromFlags(
  flags: { source: string; detailType: string; detail: unknown },
  busName: string,
): PutEventsRequestEntry {
  const detail = JsonObject.safeParse(flags.detail);
  if (!detail.success) throw new InputError('--detail: expected a JSON object, e.g. \'{"profileId":"p-1"}\'');
  return fromEnvelope(
    { source: flags.source, 'detail-type': flags.detailType, detail: detail.data },
    busName,
  );
}

function fromEnvelope(event: EnvelopeEvent, busName: string): PutEventsRequestEntry {
  return {
    Source: event.source,
    DetailType: event['detail-type'],
    Detail: JSON.stringify(event.detail),
    EventBusName: busName,
    ...(event.time === undefined ? {} : { Time: new Date(event.time) }),
    ...(event.resources === undefined ? {} : { Resources: event.resources }),
  };
}

function fromEntry(entry: EntryEvent, busName: string): PutEventsRequestEntry {
  return {
    Source: entry.Source,
    DetailType: entry.DetailType,
    // A string goes as written, so a malformed one gets EventBridge's own answer.
    Detail: typeof entry.Detail === 'string' ? entry.Detail : JSON.stringify(entry.Detail),
    EventBusName: entry.EventBusName ?? busName,
    ...(entry.Time === undefined ? {} : { Time: toDate(entry.Time) }),
    ...(entry.Resources === undefined ? {} : { Resources: entry.Resources }),
  };
}

function toDate(time: string | number): Date {
  return typeof time === 'number' ? new Date(time * 1000) : new Date(time);
}

type Converted =
  | { readonly ok: true; readonly entry: PutEventsRequestEntry }
  | { readonly ok: false; readonly error: z.ZodError };

function convert<T>(
  parsed: z.ZodSafeParseResult<T>,
  toEntry: (event: T) => PutEventsRequestEntry,
): Converted {
  return parsed.success ? { ok: true, entry: toEntry(parsed.data) } : { ok: false, error: parsed.error };
}
