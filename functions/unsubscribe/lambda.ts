import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { putEventsTo } from '../kit/put-events.ts';
import { readUnsubscribeSecrets, UnsubscribeSecretEnv } from '../kit/secrets.ts';
import { createUnsubscribeHandler } from './handler.ts';

const env = parseEnv(
  z.extend(UnsubscribeSecretEnv, {
    EVENT_BUS_NAME: z.string().check(z.minLength(1), z.describe('the event bus Parcours listens on')),
  }),
  process.env,
);
const eventBridge = new EventBridgeClient({});

export const handler = createUnsubscribeHandler(
  {
    secrets: await readUnsubscribeSecrets(env),
    clock: systemClock,
    publish: putEventsTo(eventBridge, env.EVENT_BUS_NAME),
  },
  { logger: createLogger('unsubscribe'), metrics: createMetrics('unsubscribe') },
);
