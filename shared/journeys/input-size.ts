import { valueAt } from '../store/field-path.ts';
import { kilobytes, utf8Bytes } from '../store/item-size.ts';
import type { JourneyInput } from './journey-input.ts';

/**
 * What a journey's execution input may take. Step Functions refuses an input over 256 KB, and
 * bounds the execution's whole state at 256 KB, inputs and what each step adds together: half is
 * kept for the steps. An event's field that a scenario's condition reads is copied into the input
 * (see projectEvent), and an app may send one of 200 KB: StartExecution then failed at every
 * delivery of the event (or the journey at its first step), where the local engine, with no such
 * limit, ran it.
 */
export const JOURNEY_INPUT_LIMIT_BYTES = 128 * 1024;

/**
 * Why an execution input is too large to start, naming the event fields it copies by size, largest
 * first; undefined when it fits.
 */
export function oversizedInput(input: JourneyInput, eventFields: readonly string[]): string | undefined {
  const bytes = utf8Bytes(JSON.stringify(input));
  if (bytes <= JOURNEY_INPUT_LIMIT_BYTES) return undefined;
  const fields = eventFields
    .map((field) => ({ field, bytes: utf8Bytes(JSON.stringify(valueAt(input.event, field)) ?? '') }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 3)
    .map(({ field, bytes: size }) => `${field} (${kilobytes(size)})`);
  return `the journey's input would take ${kilobytes(bytes)}, over the ${kilobytes(JOURNEY_INPUT_LIMIT_BYTES)} a journey may start with: it copies the event's fields the scenario's conditions read${fields.length === 0 ? '' : `, the largest ${fields.join(', ')}`}`;
}
