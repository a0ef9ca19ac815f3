import {
  InternalServerErrorException,
  type MessageResult,
  PinpointClient,
  SendMessagesCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-pinpoint';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  PermanentSendError,
  RetryableSendError,
  UncertainSendError,
} from '../../../shared/channels/errors.ts';
import { PinpointPushChannel } from '../../../shared/channels/push.ts';
import type { PushToken } from '../../../shared/profiles/profile.ts';
import { ANDROID, IPHONE, pushMessage } from '../../helpers/channel-messages.ts';

const client = new PinpointClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const pinpoint = mockClient(client);

const TESTFLIGHT = 'apns-sandbox-token-0003';

/** What SendMessages answers, one verdict per token. */
function answer(results: Record<string, MessageResult>) {
  return { MessageResponse: { ApplicationId: 'pinpoint-app-1', RequestId: 'request-1', Result: results } };
}

const delivered = (id: string): MessageResult => ({
  DeliveryStatus: 'SUCCESSFUL',
  StatusCode: 200,
  MessageId: id,
});
const unregistered: MessageResult = {
  DeliveryStatus: 'PERMANENT_FAILURE',
  StatusCode: 410,
  StatusMessage: 'Unregistered',
};
const badToken: MessageResult = {
  DeliveryStatus: 'PERMANENT_FAILURE',
  StatusCode: 400,
  StatusMessage: 'BadDeviceToken',
};
const throttled: MessageResult = { DeliveryStatus: 'THROTTLED', StatusCode: 429 };

describe('PinpointPushChannel', () => {
  beforeEach(() => {
    pinpoint.reset();
  });

  it('addresses each token with the channel type of its platform', async () => {
    // Prepare
    pinpoint
      .on(SendMessagesCommand)
      .resolves(answer({ [IPHONE]: delivered('push-1'), [ANDROID]: delivered('push-2') }));
    const channel = new PinpointPushChannel(client);
    const tokens: PushToken[] = [
      { token: IPHONE, platform: 'apns' },
      { token: ANDROID, platform: 'fcm' },
      { token: TESTFLIGHT, platform: 'apns-sandbox' },
    ];

    // Act
    await channel.send(
      pushMessage({ tokens, data: { cartId: 'cart-7' }, context: { scenario: 'abandoned-cart' } }),
    );

    // Assess
    const notification = {
      Title: 'Still thinking it over?',
      Body: 'Your cart is waiting.',
      Data: { cartId: 'cart-7' },
    };
    expect(pinpoint).toHaveReceivedCommandExactlyOnceWith(SendMessagesCommand, {
      ApplicationId: 'pinpoint-app-1',
      MessageRequest: {
        Addresses: {
          [IPHONE]: { ChannelType: 'APNS' },
          [ANDROID]: { ChannelType: 'GCM' },
          [TESTFLIGHT]: { ChannelType: 'APNS_SANDBOX' },
        },
        MessageConfiguration: {
          APNSMessage: { ...notification, Action: 'OPEN_APP' },
          GCMMessage: { ...notification, Action: 'OPEN_APP' },
        },
        Context: { scenario: 'abandoned-cart' },
      },
    });
  });

  it('returns the message id of the first delivery', async () => {
    // Prepare
    pinpoint
      .on(SendMessagesCommand)
      .resolves(answer({ [IPHONE]: delivered('push-1'), [ANDROID]: delivered('push-2') }));
    const channel = new PinpointPushChannel(client);

    // Act
    const result = await channel.send(pushMessage());

    // Assess
    expect(result).toEqual({ messageId: 'push-1', invalidTokens: [] });
  });

  it('throws invalid-address listing the tokens when every token is invalid or unregistered', async () => {
    // Prepare
    pinpoint.on(SendMessagesCommand).resolves(answer({ [IPHONE]: unregistered, [ANDROID]: badToken }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toMatchObject({ reason: 'invalid-address', addresses: [IPHONE, ANDROID] });
    await expect(sending).rejects.toSatisfy((error: Error) => !error.message.includes('token-000'));
  });

  it('succeeds when one device got it, and names the invalid token for pruning', async () => {
    // Prepare
    pinpoint
      .on(SendMessagesCommand)
      .resolves(answer({ [IPHONE]: unregistered, [ANDROID]: delivered('push-2') }));
    const channel = new PinpointPushChannel(client);

    // Act
    const result = await channel.send(pushMessage());

    // Assess
    expect(result).toEqual({ messageId: 'push-2', invalidTokens: [IPHONE] });
  });

  it('retries when a token was throttled and none was delivered', async () => {
    // Prepare
    pinpoint.on(SendMessagesCommand).resolves(answer({ [IPHONE]: throttled, [ANDROID]: unregistered }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sending).rejects.toMatchObject({ reason: 'throttled' });
  });

  it('gives up with rejected on a permanent failure that does not blame the token', async () => {
    // Prepare
    const forbidden: MessageResult = {
      DeliveryStatus: 'PERMANENT_FAILURE',
      StatusCode: 403,
      StatusMessage: 'Forbidden',
    };
    pinpoint.on(SendMessagesCommand).resolves(answer({ [IPHONE]: forbidden, [ANDROID]: forbidden }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.PermanentFailure', reason: 'rejected' });
  });

  it('calls a send uncertain, not retryable, when the response holds no verdict for the tokens', async () => {
    // Prepare: Pinpoint took the request but says nothing about the devices
    pinpoint.on(SendMessagesCommand).resolves({ MessageResponse: { ApplicationId: 'pinpoint-app-1' } });
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(UncertainSendError);
    await expect(sending).rejects.toMatchObject({
      name: 'Parcours.UncertainSend',
      reason: 'unreadable-response',
    });
  });

  it('calls a send uncertain, not retryable, when the results leave out one token and none was delivered', async () => {
    // Prepare: the Android device was throttled, the iPhone has no entry at all
    pinpoint.on(SendMessagesCommand).resolves(answer({ [ANDROID]: throttled }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess: a retry could notify the iPhone twice, so nothing is sent again
    await expect(sending).rejects.toBeInstanceOf(UncertainSendError);
    await expect(sending).rejects.toMatchObject({
      name: 'Parcours.UncertainSend',
      reason: 'unreadable-response',
    });
  });

  it('succeeds when one device got it even though the results leave out another token', async () => {
    // Prepare
    pinpoint.on(SendMessagesCommand).resolves(answer({ [ANDROID]: delivered('fcm-message-7') }));
    const channel = new PinpointPushChannel(client);

    // Act
    const result = await channel.send(pushMessage());

    // Assess
    expect(result).toEqual({ messageId: 'fcm-message-7', invalidTokens: [] });
  });

  it('turns a throttled API call into a RetryableSendError', async () => {
    // Prepare
    pinpoint
      .on(SendMessagesCommand)
      .rejects(new TooManyRequestsException({ message: 'slow down', $metadata: {} }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.Retryable', reason: 'throttled' });
  });

  it('turns a 500 into a RetryableSendError', async () => {
    // Prepare
    pinpoint
      .on(SendMessagesCommand)
      .rejects(new InternalServerErrorException({ message: 'oops', $metadata: { httpStatusCode: 500 } }));
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send(pushMessage());

    // Assess
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.Retryable', reason: 'server-error' });
  });

  it('refuses a message without tokens as invalid-address without calling the API', async () => {
    // Prepare
    const channel = new PinpointPushChannel(client);

    // Act
    const sending = channel.send({ ...pushMessage(), tokens: [] });

    // Assess
    await expect(sending).rejects.toMatchObject({ reason: 'invalid-address' });
    expect(pinpoint).not.toHaveReceivedAnyCommand();
  });
});
