import type { Context } from 'aws-lambda';
import * as z from 'zod';
import type { MeteredObservability } from '../../functions/kit/task-handler.ts';
import {
  createUnsubscribeHandler,
  type UnsubscribeEndpointDeps,
} from '../../functions/unsubscribe/handler.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { silentMetrics } from '../../shared/observability/metrics.ts';

/** What the admin endpoint passes on from an HTTP request to the unsubscribe path. */
export type UnsubscribeHttpRequest = {
  readonly method: string;
  readonly query: URLSearchParams;
  readonly body: string | undefined;
};

/** The answer to send back as it is. */
export const UnsubscribeHttpResponse = z.object({
  statusCode: z.number().int(),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.string().default(''),
});
export type UnsubscribeHttpResponse = z.infer<typeof UnsubscribeHttpResponse>;

/**
 * The unsubscribe endpoint of a deployment, served locally: the very handler the Lambda runs,
 * fed the request as a Function URL would, so the links of the emails `npm start` sends work, and
 * an opt-out reaches the local bus as the same `subscription.changed` event from the same source.
 */
export function localUnsubscribe(deps: UnsubscribeEndpointDeps) {
  const observability: MeteredObservability = {
    logger: createLogger('unsubscribe', 'ERROR'),
    metrics: silentMetrics('unsubscribe'),
  };
  const handler = createUnsubscribeHandler(deps, observability);
  return async (request: UnsubscribeHttpRequest): Promise<UnsubscribeHttpResponse> => {
    const answer: unknown = await handler(
      {
        requestContext: { http: { method: request.method } },
        queryStringParameters: Object.fromEntries(request.query),
        ...(request.body === undefined ? {} : { body: request.body, isBase64Encoded: false }),
      },
      lambdaContext(),
    );
    return UnsubscribeHttpResponse.parse(answer);
  };
}

let invocation = 0;

function lambdaContext(): Context {
  invocation += 1;
  return {
    functionName: 'parcours-unsubscribe',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:parcours-unsubscribe',
    memoryLimitInMB: '256',
    awsRequestId: `local-unsubscribe-${invocation}`,
    logGroupName: '/aws/lambda/parcours-unsubscribe',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => 10_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
