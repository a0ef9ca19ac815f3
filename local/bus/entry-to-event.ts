import { randomUUID } from 'node:crypto';
import type { Clock } from '../../shared/clock/clock.ts';
import { type BusEvent, type BusEventInput, DetailAsSent, eventTime, LOCAL_ACCOUNT } from './bus-event.ts';
import type { PutEventsRequestEntry } from './put-events-wire.ts';

/** What the bus stamps on every event it accepts. */
export interface EventStamp {
  readonly clock: Clock;
  readonly region: string;
  /** @default randomUUID */
  readonly newId?: () => string;
}

/** Why EventBridge refused one entry; the other entries of the request still go through. */
export interface EntryFailure {
  readonly ErrorCode: string;
  readonly ErrorMessage: string;
}

/**
 * Turns a PutEvents entry into the event rules see, or the entry-level error EventBridge answers
 * for it. Codes and messages are the ones AWS returns (API_PutEventsResultEntry), checked in the
 * same order: Source, DetailType, Detail, then Detail must parse to a JSON object.
 */
export function entryToEvent(entry: PutEventsRequestEntry, stamp: EventStamp): BusEvent | EntryFailure {
  if (!entry.Source) return requiredArgument('Source');
  if (!entry.DetailType) return requiredArgument('DetailType');
  if (!entry.Detail) return requiredArgument('Detail');
  const detail = DetailAsSent.safeParse(parseJson(entry.Detail));
  if (!detail.success) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
  const tooDeep = depthFailure(detail.data);
  if (tooDeep !== undefined) return tooDeep;
  const time = entry.Time === undefined ? stamp.clock.now() : entryTime(entry.Time);
  if (time === undefined) {
    return {
      ErrorCode: 'InvalidArgument',
      ErrorMessage: 'Parameter Time is not valid. Reason: Time must be epoch seconds or an RFC 3339 date.',
    };
  }
  return {
    version: '0',
    id: (stamp.newId ?? randomUUID)(),
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: LOCAL_ACCOUNT,
    time: eventTime(time),
    region: stamp.region,
    resources: entry.Resources ?? [],
    detail: detail.data,
  };
}

/**
 * How deep a detail the bus takes: EventBridge's PutEvents "will only process nested JSON up to
 * 1100 levels deep" (its API reference). The local bus must refuse deeper ones too, since it
 * journals each event as JSON and JSON.stringify recurses: some thousands of levels overflow the
 * stack. Far above what DynamoDB stores (32 levels), so ingest still refuses what lies between,
 * naming the field, as it does on AWS.
 */
const MAX_DETAIL_DEPTH = 1_100;

/** EventBridge's answer to a detail nested deeper than it processes; undefined for any other. */
export function depthFailure(detail: unknown): EntryFailure | undefined {
  if (!nestedDeeperThan(detail, MAX_DETAIL_DEPTH)) return undefined;
  return {
    ErrorCode: 'MalformedDetail',
    ErrorMessage: `Detail is malformed: nested deeper than ${MAX_DETAIL_DEPTH} levels, more than EventBridge processes.`,
  };
}

/** Whether a parsed JSON value nests deeper than `limit`, found without recursion. */
function nestedDeeperThan(value: unknown, limit: number): boolean {
  let level: unknown[] = [value];
  for (let depth = 0; level.length > 0; depth += 1) {
    if (depth > limit) return true;
    const next: unknown[] = [];
    for (const item of level) {
      if (typeof item !== 'object' || item === null) continue;
      // A loop, not push(...values): a list of some hundred thousand items overflows the arguments.
      for (const child of Object.values(item)) next.push(child);
    }
    level = next;
  }
  return false;
}

/** An in-process envelope keeps what it already has (a replay keeps its id and time). */
export function inputToEvent(input: BusEventInput, stamp: EventStamp): BusEvent {
  return {
    ...input,
    version: '0',
    id: input.id ?? (stamp.newId ?? randomUUID)(),
    account: input.account ?? LOCAL_ACCOUNT,
    time: input.time ?? eventTime(stamp.clock.now()),
    region: input.region ?? stamp.region,
    resources: input.resources ?? [],
  };
}

export function isEntryFailure(result: BusEvent | EntryFailure): result is EntryFailure {
  return 'ErrorCode' in result;
}

function requiredArgument(name: string): EntryFailure {
  return {
    ErrorCode: 'InvalidArgument',
    ErrorMessage: `Parameter ${name} is not valid. Reason: ${name} is a required argument.`,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * The SDK sends epoch seconds (with a fraction when the Date has milliseconds). A time past the
 * year 9999 (milliseconds sent as seconds) has no RFC 3339 form: taken, it was journaled as
 * `+058899-…`, which the journal could not read back after a crash, and the event was lost.
 */
function entryTime(time: number | string | Date): Date | undefined {
  const date = typeof time === 'number' ? new Date(time * 1000) : new Date(time);
  const year = date.getUTCFullYear();
  return Number.isNaN(date.getTime()) || year < 0 || year > 9999 ? undefined : date;
}
