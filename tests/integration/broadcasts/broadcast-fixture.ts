import { SESv2Client } from '@aws-sdk/client-sesv2';
import type { RuntimeBundle } from '../../../language/runtime-bundle.ts';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';
import type { Clock } from '../../../shared/clock/clock.ts';
import type { OutcomeSink } from '../../../shared/outcomes/outcome-fact.ts';
import type { SendDeps } from '../../../shared/send/send-context.ts';
import type { ItemStore } from '../../../shared/store/item-store.ts';

/**
 * The send step's dependencies for a broadcast test: the real SES channel over an SES client the
 * test mocks (aws-sdk-client-mock's `mockClient(SESv2Client)`), SMS and push unused.
 */
export function broadcastSendDeps(
  store: ItemStore,
  bundle: RuntimeBundle,
  clock: Clock,
  facts: OutcomeSink,
): SendDeps {
  return {
    store,
    bundle,
    clock,
    facts,
    channels: {
      email: new SesEmailChannel(new SESv2Client({ region: 'eu-west-1' })),
      sms: { send: async () => ({ messageId: 'unused' }) },
      push: { send: async () => ({ messageId: 'unused', invalidTokens: [] }) },
    },
    unsubscribe: {
      baseUrl: 'https://unsubscribe.example/',
      secrets: ['a-local-secret-of-at-least-thirty-two-characters'],
    },
  };
}
