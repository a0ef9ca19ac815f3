import * as z from 'zod';
import { entrySize, PUT_EVENTS_LIMITS } from '../../shared/events/put-events-entry.ts';
import { AwsJsonError } from './aws-json-server.ts';
import type { BusEvent } from './bus-event.ts';
import { type EventStamp, entryToEvent, isEntryFailure } from './entry-to-event.ts';
import { PutEventsRequest, type PutEventsResponse, type PutEventsResultEntry } from './put-events-wire.ts';

/**
 * PutEvents with EventBridge's error split: a request that breaks the API contract (not an entry
 * list, more than 10 entries, over 256 KB) fails whole with a ValidationException, while a bad
 * entry fails alone and the others are accepted.
 */
export async function putEvents(
  input: unknown,
  stamp: EventStamp,
  accept: (events: readonly BusEvent[]) => Promise<void>,
): Promise<PutEventsResponse> {
  const request = parseRequest(input);
  const accepted: BusEvent[] = [];
  const results = request.Entries.map((entry): PutEventsResultEntry => {
    const result = entryToEvent(entry, stamp);
    if (isEntryFailure(result)) return result;
    accepted.push(result);
    return { EventId: result.id };
  });
  await accept(accepted);
  return { FailedEntryCount: request.Entries.length - accepted.length, Entries: results };
}

const JsonObject = z.record(z.string(), z.unknown());
const EntriesPresent = z.looseObject({ Entries: z.unknown().refine((entries) => entries != null) });

function parseRequest(input: unknown): PutEventsRequest {
  if (!JsonObject.safeParse(input).success) {
    throw new AwsJsonError('SerializationException', 'The request body must be a JSON object.');
  }
  if (!EntriesPresent.safeParse(input).success) {
    throw validationError("Value null at 'entries' failed to satisfy constraint: Member must not be null");
  }
  const parsed = PutEventsRequest.safeParse(input);
  if (!parsed.success) {
    // AWS answers a member of the wrong JSON type this way, before any constraint is checked.
    throw new AwsJsonError('SerializationException', z.prettifyError(parsed.error));
  }
  const count = parsed.data.Entries.length;
  if (count < 1) {
    throw validationError(
      "Value '[]' at 'entries' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  }
  if (count > PUT_EVENTS_LIMITS.entries) {
    throw validationError(
      `Value '[PutEventsRequestEntry]' at 'entries' failed to satisfy constraint: Member must have length less than or equal to ${PUT_EVENTS_LIMITS.entries}`,
    );
  }
  const size = parsed.data.Entries.reduce((total, entry) => total + entrySize(entry), 0);
  if (size > PUT_EVENTS_LIMITS.bytes) {
    throw new AwsJsonError(
      'ValidationException',
      'Total size of the entries in the request is over the limit.',
    );
  }
  return parsed.data;
}

function validationError(constraint: string): AwsJsonError {
  return new AwsJsonError('ValidationException', `1 validation error detected: ${constraint}`);
}
