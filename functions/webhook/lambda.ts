import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { readSecret, WebhookSecretEnv } from '../kit/secrets.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createWebhookHandler } from './handler.ts';

const env = parseEnv(WebhookSecretEnv, process.env);

export const handler = createWebhookHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    secret: await readSecret(env.WEBHOOK_SECRET, env.WEBHOOK_SECRET_ARN, 'WEBHOOK_SECRET'),
  },
  { logger: createLogger('webhook') },
);
