import { SESv2Client } from '@aws-sdk/client-sesv2';
import { providerClientConfig } from '../../shared/channels/provider-client-config.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { sendDepsFromEnvironment } from '../kit/send-deps.ts';
import { createSendHandler } from './handler.ts';

// Cold start: clients are module-scope singletons, injected into the core.
export const handler = createSendHandler(
  await sendDepsFromEnvironment(process.env, new SESv2Client(providerClientConfig())),
  { logger: createLogger('send'), metrics: createMetrics('send') },
);
