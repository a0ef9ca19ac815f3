import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { PARCOURS_SOURCES } from '../../language/sources.ts';
import type { Clock } from '../../shared/clock/clock.ts';
import type { PublishEvents } from '../../shared/steps/emit.ts';
import { handleUnsubscribeRequest } from '../../shared/unsubscribe/page.ts';
import type { MeteredObservability } from '../kit/task-handler.ts';
import { notSavedResponse } from './not-saved.ts';

/** The part of a Lambda Function URL request the unsubscribe endpoint reads. */
export const FunctionUrlRequest = z.object({
  requestContext: z.object({ http: z.object({ method: z.string() }) }),
  queryStringParameters: z.optional(z.record(z.string(), z.string())),
  body: z.optional(z.string()),
  isBase64Encoded: z.optional(z.boolean()),
});
export type FunctionUrlRequest = z.infer<typeof FunctionUrlRequest>;

export type UnsubscribeEndpointDeps = { secrets: readonly string[]; clock: Clock; publish: PublishEvents };

/**
 * The one-click (RFC 8058) and page unsubscribe endpoint. A valid request becomes a
 * `subscription.changed` event, which ingest applies to the profile like any consent change, so
 * the change has one path and shows in the customer's trace. An event the bus did not accept is an
 * opt-out not recorded: the answer is then a 503 that says so, never "unsubscribed", so the mailbox
 * provider or the person tries again.
 */
export function createUnsubscribeHandler(deps: UnsubscribeEndpointDeps, observability: MeteredObservability) {
  return middy(async (event: unknown) => {
    const parsed = FunctionUrlRequest.safeParse(event);
    if (!parsed.success)
      return { statusCode: 400, headers: { 'content-type': 'text/plain' }, body: 'Bad request.' };
    const request = parsed.data;
    const body =
      request.body === undefined
        ? undefined
        : request.isBase64Encoded
          ? Buffer.from(request.body, 'base64').toString('utf8')
          : request.body;
    const response = handleUnsubscribeRequest(
      { method: request.requestContext.http.method, token: request.queryStringParameters?.token, body },
      { secrets: deps.secrets, clock: deps.clock },
    );
    if (response.change !== undefined) {
      try {
        await deps.publish([
          {
            Source: PARCOURS_SOURCES.unsubscribe,
            DetailType: 'subscription.changed',
            Time: deps.clock.now(),
            Detail: JSON.stringify(response.change),
          },
        ]);
      } catch (error) {
        observability.metrics.singleMetric().addMetric('UnsubscribesNotRecorded', MetricUnit.Count, 1);
        // A refused entry gets no event id from EventBridge: the customer, channel and request id
        // (added by the logger) are what identify it.
        observability.logger.error('unsubscribe not recorded', {
          profileId: response.change.profileId,
          channel: response.change.channel,
          topic: response.change.topic,
          via: response.change.via,
          error: error instanceof Error ? error.name : 'unknown',
          reason: error instanceof Error ? error.message : String(error),
        });
        return notSavedResponse(response.change.via);
      }
      observability.metrics.singleMetric().addMetric('Unsubscribes', MetricUnit.Count, 1);
      observability.logger.info('unsubscribed', {
        profileId: response.change.profileId,
        channel: response.change.channel,
        via: response.change.via,
      });
    }
    return { statusCode: response.status, headers: response.headers, body: response.body };
  }).use(injectLambdaContext(observability.logger));
}
