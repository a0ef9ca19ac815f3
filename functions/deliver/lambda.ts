import { setTimeout } from 'node:timers/promises';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { inlineOrStart } from '../../shared/broadcasts/inline-journey.ts';
import { providerClientConfig } from '../../shared/channels/provider-client-config.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { sendDepsFromEnvironment } from '../kit/send-deps.ts';
import { StartExecutionEnv, stepFunctionsStart } from '../kit/start-execution.ts';
import { createDeliverHandler } from './handler.ts';

const send = await sendDepsFromEnvironment(process.env, new SESv2Client(providerClientConfig()));
const start = stepFunctionsStart(new SFNClient({}), parseEnv(StartExecutionEnv, process.env));

export const handler = createDeliverHandler(
  {
    ...send,
    startExecution: inlineOrStart(send, start),
    sleep: (milliseconds) => setTimeout(milliseconds),
  },
  { logger: createLogger('deliver') },
);
