import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import * as z from 'zod/mini';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { putEventsTo } from '../kit/put-events.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createEmitHandler } from './handler.ts';

const env = parseEnv(
  z.object({
    EVENT_BUS_NAME: z.string().check(z.minLength(1), z.describe('the event bus Parcours listens on')),
  }),
  process.env,
);
const eventBridge = new EventBridgeClient({});

export const handler = createEmitHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    publish: putEventsTo(eventBridge, env.EVENT_BUS_NAME),
  },
  { logger: createLogger('emit') },
);
