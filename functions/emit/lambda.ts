import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { z } from 'zod';
import { parseEnv } from '../../shared/config/env.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { ERROR_NAMES } from '../../state-machines/language/error-names.ts';
import { stepDepsFromEnvironment } from '../kit/step-deps.ts';
import { createEmitHandler } from './handler.ts';

const env = parseEnv(
  z.object({ EVENT_BUS_NAME: z.string().min(1).describe('the event bus Parcours listens on') }),
  process.env,
);
const eventBridge = new EventBridgeClient({});

export const handler = createEmitHandler(
  {
    ...stepDepsFromEnvironment(process.env),
    publish: async (entries) => {
      const { FailedEntryCount } = await eventBridge.send(
        new PutEventsCommand({
          Entries: entries.map((entry) => ({ ...entry, EventBusName: env.EVENT_BUS_NAME })),
        }),
      );
      if ((FailedEntryCount ?? 0) > 0)
        throw Object.assign(new Error('EventBridge refused the event'), { name: ERROR_NAMES.retryable });
    },
  },
  { logger: createLogger('emit'), metrics: createMetrics('emit') },
);
