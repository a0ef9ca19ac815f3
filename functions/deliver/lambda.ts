import { setTimeout } from 'node:timers/promises';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { providerClientConfig } from '../../shared/channels/provider-client-config.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { sendDepsFromEnvironment } from '../kit/send-deps.ts';
import { StartExecutionEnv, stepFunctionsStart } from '../kit/start-execution.ts';
import { createDeliverHandler } from './handler.ts';

export const handler = createDeliverHandler(
  {
    send: await sendDepsFromEnvironment(process.env, new SESv2Client(providerClientConfig())),
    startExecution: stepFunctionsStart(new SFNClient({}), parseEnv(StartExecutionEnv, process.env)),
    sleep: (milliseconds) => setTimeout(milliseconds),
  },
  { logger: createLogger('deliver'), metrics: createMetrics('deliver') },
);
