import type * as z from 'zod/mini';
import type { ItemStore } from '../store/item-store.ts';
import { firstAttemptRecord, keepFirstAttempt, keptTime, type StepAttempt } from './first-attempt-time.ts';

/**
 * The largest request a first attempt keeps for its retries, as JSON text: well within
 * DynamoDB's 400 KB item, its key and time included.
 */
export const KEPT_REQUEST_MAX_BYTES = 300 * 1024;

/**
 * The request a step's first attempt made, made again by every retry of it. The first attempt
 * renders it (`render`, at its own time) and keeps it beside its time; a retry sends what was
 * kept, so a receiver gets the same request under the same idempotency key even when the
 * customer's data changed in between (a receiver following the Idempotency-Key draft refuses
 * another body under a key it has seen, 422, and the step would be recorded as failed though its
 * first request was taken). A request over KEPT_REQUEST_MAX_BYTES is not kept: its retries render
 * it again at the first attempt's time, with the data as it then reads. A render that throws
 * keeps nothing.
 */
export async function firstAttemptRequest<T>(
  store: ItemStore,
  step: StepAttempt,
  now: Date,
  schema: z.ZodMiniType<T>,
  render: (at: Date) => T | Promise<T>,
): Promise<T> {
  const kept = await firstAttemptRecord(store, step);
  if (kept !== undefined) return keptRequest(kept.request, schema) ?? (await render(keptTime(kept) ?? now));
  const request = await render(now);
  const text = JSON.stringify(request);
  const fits = Buffer.byteLength(text) <= KEPT_REQUEST_MAX_BYTES;
  if (await keepFirstAttempt(store, step, now, fits ? { request: text } : {})) return request;
  // Another attempt kept its own first, since the read: that one is the request.
  return firstAttemptRequest(store, step, now, schema, render);
}

/** A kept request, or undefined when none was kept (too large, or a record of an older version). */
function keptRequest<T>(text: unknown, schema: z.ZodMiniType<T>): T | undefined {
  if (typeof text !== 'string') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = schema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
