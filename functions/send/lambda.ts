import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import { providerClientConfig } from '../../shared/channels/provider-client-config.ts';
import { PinpointPushChannel } from '../../shared/channels/push.ts';
import { SesEmailChannel } from '../../shared/channels/ses-email.ts';
import { EndUserMessagingSmsChannel } from '../../shared/channels/sms.ts';
import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { readRuntimeBundle } from '../../shared/config/runtime-bundle-seal.ts';
import { createLogger } from '../../shared/observability/logger.ts';
import { createMetrics } from '../../shared/observability/metrics.ts';
import { CommonEnv, storeFrom } from '../kit/environment.ts';
import { outcomeSinkFromEnvironment } from '../kit/outcome-facts.ts';
import { readSecret, UnsubscribeSecretEnv } from '../kit/secrets.ts';
import { createSendHandler } from './handler.ts';

const env = parseEnv(
  // Spread rather than extend(): the common and secret variables are zod/mini schemas.
  z.object({
    ...CommonEnv.shape,
    ...UnsubscribeSecretEnv.shape,
    UNSUBSCRIBE_BASE_URL: z.url().check(z.describe('the public URL of the unsubscribe function')),
    PUSH_APPLICATION_ID: z
      .optional(z.string())
      .check(z.describe('the Pinpoint application that holds push credentials')),
    SMS_CONFIGURATION_SET: z
      .optional(z.string())
      .check(z.describe('the End User Messaging configuration set every SMS is sent through')),
  }),
  process.env,
);

// Cold start: clients are module-scope singletons, injected into the core.
export const handler = createSendHandler(
  {
    store: storeFrom(env),
    // Sealed at synth, so checked against its seal rather than validated again.
    bundle: readRuntimeBundle(env.PARCOURS_BUNDLE),
    clock: systemClock,
    facts: outcomeSinkFromEnvironment(process.env),
    channels: {
      email: new SesEmailChannel(new SESv2Client(providerClientConfig())),
      sms: new EndUserMessagingSmsChannel(new PinpointSMSVoiceV2Client(providerClientConfig())),
      push: new PinpointPushChannel(new PinpointClient(providerClientConfig())),
    },
    unsubscribe: {
      baseUrl: env.UNSUBSCRIBE_BASE_URL,
      secrets: [await readSecret(env.UNSUBSCRIBE_SECRET, env.UNSUBSCRIBE_SECRET_ARN, 'UNSUBSCRIBE_SECRET')],
    },
    pushApplicationId: env.PUSH_APPLICATION_ID,
    smsConfigurationSet: env.SMS_CONFIGURATION_SET,
  },
  { logger: createLogger('send'), metrics: createMetrics('send') },
);
