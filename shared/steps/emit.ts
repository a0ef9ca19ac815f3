import * as z from 'zod/mini';
import { entrySize, PUT_EVENTS_LIMITS } from '../events/put-events-entry.ts';
import { JourneyRef } from '../journeys/journey-input.ts';
import { kilobytes } from '../store/item-size.ts';
import { firstAttemptTime } from './first-attempt-time.ts';
import { PayloadRenderError, renderPayload } from './render-payload.ts';
import { enterStep, type StepDeps } from './step-context.ts';

export const EmitInput = z.object({
  step: z.string(),
  journey: JourneyRef,
  variant: z.optional(z.string()),
  event: z.object({
    source: z.string(),
    'detail-type': z.string(),
    detail: z.record(z.string(), z.unknown()),
  }),
});
export type EmitInput = z.infer<typeof EmitInput>;

/** One PutEvents entry, as the EventBridge client (or the local bus) takes it. */
export type OutgoingEvent = { Source: string; DetailType: string; Detail: string; Time: Date };
export type PublishEvents = (entries: OutgoingEvent[]) => Promise<void>;

/**
 * Publishes an event for the customer, e.g. to start another program's scenario. The detail
 * always names the customer and where it came from, so the receiving scenario and a trace can
 * follow the chain. A detail whose Liquid fails, or that makes an event larger than EventBridge
 * takes (values from an event or a profile can be large), is not published: the step says why in
 * its result, and the journey goes on.
 *
 * Step Functions retries the Task, and the SDK resends a PutEvents whose answer timed out, each
 * copy under a new EventBridge id: the event's Time is the first attempt's (first-attempt-time.ts), and
 * ingest identifies the event by its origin (see withEmittedIdentity), so the copies are one event.
 */
export async function emitStep(
  input: EmitInput,
  deps: StepDeps & { publish: PublishEvents },
): Promise<{ emitted: string } | { failed: string }> {
  const context = await enterStep(input.journey, deps);
  const place = { context, journey: input.journey, step: input.step, config: deps.bundle.config };
  let detail: Record<string, unknown>;
  try {
    detail = await renderPayload(input.event.detail, place);
  } catch (error) {
    if (error instanceof PayloadRenderError) return { failed: error.message };
    throw error;
  }
  const entry: OutgoingEvent = {
    Source: input.event.source,
    DetailType: input.event['detail-type'],
    Time: context.now,
    Detail: JSON.stringify({
      ...detail,
      profileId: input.journey.profileId,
      origin: {
        scenario: input.journey.scenario,
        step: input.step,
        execution: input.journey.execution,
        variant: input.variant,
      },
    }),
  };
  const size = entrySize(entry);
  if (size > PUT_EVENTS_LIMITS.bytes) {
    return {
      failed: `the ${input.event['detail-type']} event would take ${kilobytes(size)}; EventBridge takes at most ${PUT_EVENTS_LIMITS.bytes / 1024} KB an event`,
    };
  }
  // Kept only for an event that is published (its size does not depend on the time).
  const { profileId, execution } = input.journey;
  const time = await firstAttemptTime(deps.store, { profileId, execution, step: input.step }, context.now);
  await deps.publish([{ ...entry, Time: time }]);
  return { emitted: input.event['detail-type'] };
}
