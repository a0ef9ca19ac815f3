import * as z from 'zod/mini';
import { durationSeconds } from '../../language/duration.ts';
import { renderedHostProblem } from '../../language/webhook-url.ts';
import { JourneyRef } from '../journeys/journey-input.ts';
import { PermanentWebhookError } from '../webhook/errors.ts';
import { postWebhook } from '../webhook/post.ts';
import { firstAttemptRequest } from './first-attempt-request.ts';
import { PayloadRenderError, renderPayload, renderUrl } from './render-payload.ts';
import { enterStep, type StepDeps } from './step-context.ts';

export const WebhookInput = z.object({
  step: z.string(),
  journey: JourneyRef,
  variant: z.optional(z.string()),
  request: z.object({
    url: z.string(),
    method: z.enum(['POST', 'PUT', 'PATCH']),
    headers: z.optional(z.record(z.string(), z.string())),
    body: z.optional(z.record(z.string(), z.unknown())),
    timeout: z.string(),
  }),
});
export type WebhookInput = z.infer<typeof WebhookInput>;

/** A webhook's request as its first attempt rendered it: what every retry of it sends. */
export const RenderedWebhook = z.object({
  url: z.string(),
  method: WebhookInput.shape.request.shape.method,
  headers: WebhookInput.shape.request.shape.headers,
  body: z.optional(z.unknown()),
  timeout: z.string(),
});
export type RenderedWebhook = z.infer<typeof RenderedWebhook>;

/**
 * Calls the webhook, signed, with a stable idempotency key (execution and step) so a receiver
 * can drop the duplicate a retry after a timeout may cause. A retry sends the request the first
 * attempt rendered, URL and body alike (firstAttemptRequest), whatever the customer's data reads
 * by then.
 */
export async function webhookStep(
  input: WebhookInput,
  deps: StepDeps & { secret: string; fetch?: typeof fetch },
): Promise<{ status: number; failed?: string }> {
  const entered = await enterStep(input.journey, deps);
  const { profileId, execution } = input.journey;
  const { url, ...payload } = input.request;
  const render = async (now: Date): Promise<RenderedWebhook> => {
    const place = {
      context: { ...entered, now },
      journey: input.journey,
      step: input.step,
      config: deps.bundle.config,
    };
    const target = await renderUrl(url, place);
    const hostProblem = renderedHostProblem(url, target);
    if (hostProblem !== undefined) throw new PermanentWebhookError(hostProblem);
    return { ...(await renderPayload(payload, place)), url: target };
  };
  try {
    const request = await firstAttemptRequest(
      deps.store,
      { profileId, execution, step: input.step },
      entered.now,
      RenderedWebhook,
      render,
    );
    return await postWebhook(
      {
        url: request.url,
        method: request.method,
        headers: {
          ...request.headers,
          'idempotency-key': `${input.journey.execution}:${input.step}`,
          // Receivers can tell which journey called them without parsing the body.
          'x-parcours-scenario': input.journey.scenario,
          'x-parcours-step': input.step,
          // Percent-encoded (UTF-8): a header holds bytes, and a customer id any text (李, é, a
          // line break), which fetch would refuse or send in Latin-1.
          'x-parcours-profile-id': encodeURIComponent(input.journey.profileId),
        },
        body: request.body ?? {},
      },
      {
        secret: deps.secret,
        clock: deps.clock,
        timeoutMs: durationSeconds(request.timeout) * 1000,
        ...(deps.fetch === undefined ? {} : { fetch: deps.fetch }),
      },
    );
  } catch (error) {
    // A refused request will not succeed on retry: the journey goes on, the outcome says why.
    if (error instanceof PermanentWebhookError) return { status: error.status ?? 0, failed: error.message };
    if (error instanceof PayloadRenderError) return { status: 0, failed: error.message };
    throw error;
  }
}
