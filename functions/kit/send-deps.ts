import type { SESv2Client } from '@aws-sdk/client-sesv2';
import * as z from 'zod/mini';
import { SesEmailChannel } from '../../shared/channels/ses-email.ts';
import { systemClock } from '../../shared/clock/clock.ts';
import { parseEnv } from '../../shared/config/env.ts';
import { readRuntimeBundle } from '../../shared/config/runtime-bundle-seal.ts';
import type { SendDeps } from '../../shared/send/send-context.ts';
import { CommonEnv, storeFrom } from './environment.ts';
import { onDemandPushChannel, onDemandSmsChannel } from './on-demand-channels.ts';
import { outcomeSinkFromEnvironment } from './outcome-facts.ts';
import { readUnsubscribeSecrets, UnsubscribeSecretEnv } from './secrets.ts';

/** What a function that sends (the send step, a broadcast's batches) is configured with. */
export const SendEnv = z.object({
  // Spread rather than extend(): the common and secret variables are zod/mini schemas.
  ...CommonEnv.shape,
  ...UnsubscribeSecretEnv.shape,
  UNSUBSCRIBE_BASE_URL: z.url().check(z.describe('the public URL of the unsubscribe function')),
  PUSH_APPLICATION_ID: z
    .optional(z.string())
    .check(z.describe('the Pinpoint application that holds push credentials')),
  SMS_CONFIGURATION_SET: z
    .optional(z.string())
    .check(z.describe('the End User Messaging configuration set every SMS is sent through')),
});

/** The send step's dependencies, with SES through `ses` (shared with the caller's other calls). */
export async function sendDepsFromEnvironment(
  variables: Record<string, string | undefined>,
  ses: SESv2Client,
): Promise<SendDeps> {
  const env = parseEnv(SendEnv, variables);
  return {
    store: storeFrom(env),
    // Sealed at synth, so checked against its seal rather than validated again.
    bundle: readRuntimeBundle(env.PARCOURS_BUNDLE),
    clock: systemClock,
    facts: outcomeSinkFromEnvironment(variables),
    channels: {
      email: new SesEmailChannel(ses),
      sms: onDemandSmsChannel,
      push: onDemandPushChannel,
    },
    unsubscribe: {
      baseUrl: env.UNSUBSCRIBE_BASE_URL,
      secrets: await readUnsubscribeSecrets(env),
    },
    pushApplicationId: env.PUSH_APPLICATION_ID,
    smsConfigurationSet: env.SMS_CONFIGURATION_SET,
  };
}
