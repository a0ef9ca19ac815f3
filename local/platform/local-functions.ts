import type { Context } from 'aws-lambda';
import { createCheckHandler } from '../../functions/check/handler.ts';
import { createEmitHandler } from '../../functions/emit/handler.ts';
import { createIngestHandler } from '../../functions/ingest/handler.ts';
import type { MeteredObservability } from '../../functions/kit/task-handler.ts';
import { createScheduleHandler } from '../../functions/schedule/handler.ts';
import { createSendHandler } from '../../functions/send/handler.ts';
import { createUpdateProfileHandler } from '../../functions/update-profile/handler.ts';
import { createWaitForHandler } from '../../functions/wait-for/handler.ts';
import { createWebhookHandler } from '../../functions/webhook/handler.ts';
import type { TaskCallbacks } from '../../shared/ingest/journey-effects.ts';
import type { StartExecution } from '../../shared/journeys/start-journey.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { silentMetrics } from '../../shared/observability/metrics.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import type { PublishEvents } from '../../shared/steps/emit.ts';
import type { LocalFunction } from '../runtime/execution-runner.ts';
import { LOCAL_FUNCTION_ARNS } from '../runtime/local-definition.ts';

export type LocalFunctionDeps = {
  readonly send: SendDeps;
  readonly publish: PublishEvents;
  readonly webhookSecret: string;
  readonly webhookFetch?: typeof fetch;
  readonly startExecution: StartExecution;
  /** Only these scenarios take entries; every scenario when absent. */
  readonly entryScenarios?: ReadonlySet<string> | undefined;
  readonly callbacks: TaskCallbacks;
};

/**
 * The very handlers the Lambdas run (functions/<name>/handler.ts), built with local clients, so a
 * local journey exercises the same parsing, logging and error names as a deployed one.
 */
export function localFunctions(deps: LocalFunctionDeps) {
  // Local runs keep the console for the platform's own log: handlers only report errors, and
  // metrics record nothing (there is no CloudWatch to send them to).
  const observability = (name: string): MeteredObservability => ({
    logger: createLogger(name, 'ERROR'),
    metrics: silentMetrics(name),
  });
  const steps = { store: deps.send.store, bundle: deps.send.bundle, clock: deps.send.clock };
  const facts = deps.send.facts;
  const asLocal =
    (handler: (event: unknown, context: Context) => Promise<unknown>, name: string): LocalFunction =>
    (input) =>
      handler(input, lambdaContext(name));
  // Ingest applies each event, then starts the journeys it triggers, as the deployed ingest does.
  const ingest = createIngestHandler(
    {
      ...steps,
      facts,
      ...deps.callbacks,
      startExecution: deps.startExecution,
      entryScenarios: deps.entryScenarios,
    },
    observability('ingest'),
  );
  return {
    byArn: {
      [LOCAL_FUNCTION_ARNS.send]: asLocal(createSendHandler(deps.send, observability('send')), 'send'),
      [LOCAL_FUNCTION_ARNS.check]: asLocal(createCheckHandler(steps, observability('check')), 'check'),
      [LOCAL_FUNCTION_ARNS.schedule]: asLocal(
        createScheduleHandler(steps, observability('schedule')),
        'schedule',
      ),
      [LOCAL_FUNCTION_ARNS.waitFor]: asLocal(
        createWaitForHandler(steps, observability('wait-for')),
        'wait-for',
      ),
      [LOCAL_FUNCTION_ARNS.updateProfile]: asLocal(
        createUpdateProfileHandler(steps, observability('update-profile')),
        'update-profile',
      ),
      [LOCAL_FUNCTION_ARNS.emit]: asLocal(
        createEmitHandler({ ...steps, publish: deps.publish }, observability('emit')),
        'emit',
      ),
      [LOCAL_FUNCTION_ARNS.webhook]: asLocal(
        createWebhookHandler(
          {
            ...steps,
            secret: deps.webhookSecret,
            ...(deps.webhookFetch === undefined ? {} : { fetch: deps.webhookFetch }),
          },
          observability('webhook'),
        ),
        'webhook',
      ),
    } satisfies Record<string, LocalFunction>,
    ingest: (event: unknown) => ingest(event, lambdaContext('ingest')),
  };
}

let invocation = 0;

/**
 * The longest a Lambda invocation runs, 15 minutes, which the audience function has on AWS. A
 * context must give a finite time: middy arms a timer with it, and one past 2^31 ms (Infinity)
 * fires at once and aborts the invocation.
 */
export const LAMBDA_MAX_MS = 15 * 60_000;

/** The context Lambda hands a handler; `remainingMs` is what the invocation has left. */
export function lambdaContext(name: string, remainingMs = 30_000): Context {
  invocation += 1;
  return {
    functionName: `parcours-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:parcours-${name}`,
    memoryLimitInMB: '512',
    awsRequestId: `local-${invocation}`,
    logGroupName: `/aws/lambda/parcours-${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => remainingMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
