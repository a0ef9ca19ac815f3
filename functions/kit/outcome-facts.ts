import { FirehoseClient } from '@aws-sdk/client-firehose';
import * as z from 'zod/mini';
import { parseEnv } from '../../shared/config/env.ts';
import { firehoseSink } from '../../shared/outcomes/firehose-sink.ts';
import type { OutcomeSink } from '../../shared/outcomes/outcome-fact.ts';

export const OutcomeFactsEnv = z.object({
  OUTCOME_STREAM: z
    .string()
    .check(
      z.minLength(1),
      z.describe('the Firehose stream outcome facts are written to (infra/constructs/outcome-facts.ts)'),
    ),
});
export type OutcomeFactsEnv = z.infer<typeof OutcomeFactsEnv>;

/** The outcome fact writer of a function that writes facts (ingest, delivery events, send). */
export function outcomeSinkFromEnvironment(env: Record<string, string | undefined>): OutcomeSink {
  return firehoseSink(new FirehoseClient({}), parseEnv(OutcomeFactsEnv, env).OUTCOME_STREAM);
}
