import { PinpointClient, SendMessagesCommand } from '@aws-sdk/client-pinpoint';
import { PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { onDemandPushChannel, onDemandSmsChannel } from '../../../functions/kit/on-demand-channels.ts';
import { IPHONE, pushMessage, smsMessage } from '../../helpers/channel-messages.ts';

// Mocked on the classes: the channels make their clients when their first message comes.
const sms = mockClient(PinpointSMSVoiceV2Client);
const pinpoint = mockClient(PinpointClient);

describe('the SMS and push channels of send and deliver, made on their first message', () => {
  it('sends an SMS through End User Messaging, with one client for every message', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
    const message = smsMessage({ to: '(202) 555-0142', defaultCountry: 'US' });

    // Act
    const first = await onDemandSmsChannel.send(message);
    const second = await onDemandSmsChannel.send(message);

    // Assess: the channel's own work (the number in E.164) on the client it made once
    expect([first, second]).toEqual([{ messageId: 'sms-1' }, { messageId: 'sms-1' }]);
    const calls = sms.commandCalls(SendTextMessageCommand);
    expect(calls.map((call) => call.args[0].input.DestinationPhoneNumber)).toEqual([
      '+12025550142',
      '+12025550142',
    ]);
    expect(new Set(calls.map((call) => call.thisValue)).size).toBe(1);
  });

  it('sends a push through Pinpoint', async () => {
    // Prepare
    pinpoint.on(SendMessagesCommand).resolves({
      MessageResponse: {
        ApplicationId: 'pinpoint-app-1',
        Result: { [IPHONE]: { DeliveryStatus: 'SUCCESSFUL', StatusCode: 200, MessageId: 'push-1' } },
      },
    });
    const message = pushMessage({ tokens: [{ token: IPHONE, platform: 'apns' }] });

    // Act
    const result = await onDemandPushChannel.send(message);

    // Assess
    expect(result).toMatchObject({ messageId: 'push-1' });
    expect(pinpoint.commandCalls(SendMessagesCommand)).toHaveLength(1);
  });
});
