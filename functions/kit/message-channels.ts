import { PinpointClient } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { providerClientConfig } from '../../shared/channels/provider-client-config.ts';
import { PinpointPushChannel } from '../../shared/channels/push.ts';
import { EndUserMessagingSmsChannel } from '../../shared/channels/sms.ts';

/** The SMS channel with its End User Messaging client, as send-deps.ts loads it on demand. */
export function smsChannel(): EndUserMessagingSmsChannel {
  return new EndUserMessagingSmsChannel(new PinpointSMSVoiceV2Client(providerClientConfig()));
}

/** The push channel with its Pinpoint client, as send-deps.ts loads it on demand. */
export function pushChannel(): PinpointPushChannel {
  return new PinpointPushChannel(new PinpointClient(providerClientConfig()));
}
