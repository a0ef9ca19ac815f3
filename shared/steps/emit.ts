import * as z from 'zod/mini';
import { JourneyRef } from '../journeys/journey-input.ts';
import { renderPayload } from './render-payload.ts';
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
 * follow the chain.
 */
export async function emitStep(
  input: EmitInput,
  deps: StepDeps & { publish: PublishEvents },
): Promise<{ emitted: string }> {
  const context = await enterStep(input.journey, deps);
  const detail = renderPayload(input.event.detail, {
    context,
    journey: input.journey,
    step: input.step,
    config: deps.bundle.config,
  });
  await deps.publish([
    {
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
    },
  ]);
  return { emitted: input.event['detail-type'] };
}
