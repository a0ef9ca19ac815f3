import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import middy from '@middy/core';
import * as z from 'zod/mini';
import { ERROR_NAMES } from '../../language/error-names.ts';
// So that prettifyError names what is wrong in words where no classic zod loads.
import '../../shared/config/zod-messages.ts';
import { maskPersonalData } from '../../shared/observability/logger.ts';

/** What every handler logs with. */
export type Observability = { readonly logger: Logger };

/**
 * What a handler that counts its decisions in CloudWatch has besides. Only those construct a
 * Powertools Metrics: loading and building it is about 6 million instructions of a cold start.
 */
export type MeteredObservability = Observability & { readonly metrics: Metrics };

/** What a core may know of its invocation: how long it may still run. */
export type Invocation = { readonly remainingMs: () => number };

/** Lambda's context as far as a core reads it (absent when a test calls the handler bare). */
type InvocationContext = { readonly getRemainingTimeInMillis?: () => number } | undefined;

/** Input a function cannot act on: the state machine or the rule sent something else. */
export class InvalidInputError extends Error {
  override readonly name = ERROR_NAMES.invalidInput;
}

/**
 * The one shape of every Parcours handler: middy with the Powertools logger around a pure core,
 * and the input parsed at the boundary. Errors keep their names, which is what Step Functions
 * routes Retry and Catch on. Metrics are published per decision (single metrics), so a step that
 * decided nothing worth counting publishes nothing and logs no warning about it.
 */
export function taskHandler<Schema extends z.core.$ZodType, Output>(
  schema: Schema,
  core: (input: z.core.output<Schema>, invocation: Invocation) => Promise<Output>,
  observability: Observability,
) {
  return middy(async (event: unknown, context: InvocationContext): Promise<Output> => {
    const parsed = z.safeParse(schema, event);
    if (!parsed.success) throw new InvalidInputError(maskPersonalData(z.prettifyError(parsed.error)));
    try {
      const remainingMs = () => context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
      const result = await core(parsed.data, { remainingMs });
      // A step that could not do its work and let the journey go on (a refused webhook, a payload
      // that failed to render, a full profile) says so in its result, which no one else reads.
      const failed = failureOf(result);
      if (failed !== undefined)
        observability.logger.warn('step failed', { ...placeOf(event), message: maskPersonalData(failed) });
      return result;
    } catch (error) {
      if (error instanceof Error) {
        observability.logger.warn('step failed', {
          ...placeOf(event),
          error: error.name,
          message: maskPersonalData(error.message),
        });
      }
      throw error;
    }
  }).use(injectLambdaContext(observability.logger));
}

/** Where in which journey a step runs, as every journey step's input carries it: ids only. */
const StepPlace = z.looseObject({
  step: z.optional(z.string()),
  journey: z.optional(z.looseObject({ scenario: z.string(), execution: z.string(), profileId: z.string() })),
});

/**
 * The scenario, step, execution and customer of a failure, so its log line says whose it is (the
 * message of a refused webhook or an unpublished event named neither); nothing for other input.
 */
function placeOf(input: unknown): Record<string, string> {
  const place = z.safeParse(StepPlace, input);
  if (!place.success) return {};
  const { step, journey } = place.data;
  return {
    ...(journey === undefined
      ? {}
      : { scenario: journey.scenario, execution: journey.execution, profileId: journey.profileId }),
    ...(step === undefined ? {} : { step }),
  };
}

function failureOf(result: unknown): string | undefined {
  if (typeof result !== 'object' || result === null || !('failed' in result)) return undefined;
  return typeof result.failed === 'string' ? result.failed : undefined;
}
