import {
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendTextMessageCommand,
  ThrottlingException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { PermanentSendError, RetryableSendError } from '../../../shared/channels/errors.ts';
import { EndUserMessagingSmsChannel } from '../../../shared/channels/sms.ts';
import { smsMessage } from '../../helpers/channel-messages.ts';

const client = new PinpointSMSVoiceV2Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const sms = mockClient(client);

describe('EndUserMessagingSmsChannel', () => {
  beforeEach(() => {
    sms.reset();
  });

  it('sends the normalised E.164 number, message type, identity and context', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-message-1' });
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const result = await channel.send(
      smsMessage({
        to: '(202) 555-0142',
        defaultCountry: 'US',
        messageType: 'TRANSACTIONAL',
        configurationSet: 'parcours-sms',
        context: { scenario: 'abandoned-cart', step: 'cart-sms', profileId: 'profile-42' },
      }),
    );

    // Assess
    expect(result).toEqual({ messageId: 'sms-message-1' });
    expect(sms).toHaveReceivedCommandExactlyOnceWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+12025550142',
      OriginationIdentity: 'pool-0123456789abcdef',
      MessageBody: 'Your cart is waiting: https://shop.example.com/cart',
      MessageType: 'TRANSACTIONAL',
      ConfigurationSetName: 'parcours-sms',
      Context: { scenario: 'abandoned-cart', step: 'cart-sms', profileId: 'profile-42' },
    });
  });

  it('strips the spacing of an international number', async () => {
    // Prepare
    sms.on(SendTextMessageCommand).resolves({ MessageId: 'sms-message-2' });
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    await channel.send(smsMessage({ to: '+1 202 555 0199' }));

    // Assess
    expect(sms).toHaveReceivedCommandWith(SendTextMessageCommand, {
      DestinationPhoneNumber: '+12025550199',
      MessageType: 'PROMOTIONAL',
    });
  });

  it.each([
    ['letters', 'not-a-number', undefined],
    ['too few digits', '+1555', undefined],
    ['a national number without a country', '202-555-0142', undefined],
    ['an impossible area code', '+1 555 010 0123', undefined],
  ])('refuses %s as invalid-address without calling the API', async (_label, to, defaultCountry) => {
    // Prepare
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const sending = channel.send(smsMessage({ to, defaultCountry }));

    // Assess
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toMatchObject({ reason: 'invalid-address' });
    expect(sms).not.toHaveReceivedAnyCommand();
  });

  it('keeps the number out of the error message', async () => {
    // Prepare
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const sending = channel.send(smsMessage({ to: '+1 555 010 0123' }));

    // Assess
    await expect(sending).rejects.toSatisfy((error: Error) => !error.message.includes('555'));
  });

  it('reports an invalid message (empty body) as permanent without calling the API', async () => {
    // Prepare
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const sending = channel.send({ ...smsMessage(), body: '' });

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'Parcours.PermanentFailure',
      reason: 'invalid-message',
    });
    expect(sms).not.toHaveReceivedAnyCommand();
  });

  it('turns a ThrottlingException into a RetryableSendError', async () => {
    // Prepare
    sms
      .on(SendTextMessageCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', $metadata: {} }));
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const sending = channel.send(smsMessage());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.Retryable', reason: 'throttled' });
  });

  it('turns a 500 into a RetryableSendError', async () => {
    // Prepare
    const serverError = new PinpointSMSVoiceV2ServiceException({
      name: 'InternalFailure',
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    sms.on(SendTextMessageCommand).rejects(serverError);
    const channel = new EndUserMessagingSmsChannel(client);

    // Act
    const sending = channel.send(smsMessage());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sending).rejects.toMatchObject({ reason: 'server-error' });
  });
});
