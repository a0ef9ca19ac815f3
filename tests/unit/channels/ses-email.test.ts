import {
  MessageRejected,
  SESv2Client,
  SendEmailCommand,
  TooManyRequestsException,
} from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-vitest/extend';
import { beforeEach, describe, expect, it } from 'vitest';
import { PermanentSendError, RetryableSendError } from '../../../shared/channels/errors.ts';
import { EmailMessage } from '../../../shared/channels/ports.ts';
import { SesEmailChannel } from '../../../shared/channels/ses-email.ts';

const client = new SESv2Client({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
const ses = mockClient(client);

function message(overrides: Record<string, unknown> = {}): EmailMessage {
  return EmailMessage.parse({
    from: 'news@example.com',
    to: 'jane.doe@example.com',
    subject: 'Your cart',
    html: '<p>Your cart</p>',
    text: 'Your cart',
    ...overrides,
  });
}

describe('SesEmailChannel request shape', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('sends the configuration set and the tags, cleaned to the characters SES allows', async () => {
    // Prepare
    ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
    const channel = new SesEmailChannel(client);
    const input = message({
      configurationSet: 'parcours-marketing',
      tags: {
        scenario: 'abandoned-cart',
        step: 'cart-email',
        variant: 'B (bold)',
        profileId: 'user:42@shop',
        empty: '',
      },
    });

    // Act
    const result = await channel.send(input);

    // Assess
    expect(result).toEqual({ messageId: 'ses-1' });
    expect(ses).toHaveReceivedCommandExactlyOnceWith(SendEmailCommand, {
      ConfigurationSetName: 'parcours-marketing',
      EmailTags: [
        { Name: 'scenario', Value: 'abandoned-cart' },
        { Name: 'step', Value: 'cart-email' },
        { Name: 'variant', Value: 'B__bold_' },
        { Name: 'profileId', Value: 'user_42_shop' },
      ],
    });
  });

  it('refuses a header value with a line break, which could inject headers', async () => {
    // Prepare
    const channel = new SesEmailChannel(client);
    const input = {
      ...message(),
      headers: [{ name: 'List-Unsubscribe', value: '<https://u.example.com/x>\r\nBcc: someone@example.com' }],
    };

    // Act
    const sending = channel.send(input);

    // Assess
    await expect(sending).rejects.toMatchObject({ reason: 'invalid-message' });
    expect(ses).not.toHaveReceivedAnyCommand();
  });

  it('refuses a malformed recipient as invalid-address without calling SES', async () => {
    // Prepare
    const channel = new SesEmailChannel(client);

    // Act
    const sending = channel.send({ ...message(), to: 'jane.doe(at)example.com' });

    // Assess
    await expect(sending).rejects.toMatchObject({
      name: 'Parcours.PermanentFailure',
      reason: 'invalid-address',
    });
    await expect(sending).rejects.toSatisfy((error: Error) => !error.message.includes('jane'));
    expect(ses).not.toHaveReceivedAnyCommand();
  });
});

describe('SesEmailChannel error paths', () => {
  beforeEach(() => {
    ses.reset();
  });

  it('turns throttling into a RetryableSendError', async () => {
    // Prepare
    ses
      .on(SendEmailCommand)
      .rejects(new TooManyRequestsException({ message: 'Maximum sending rate exceeded', $metadata: {} }));
    const channel = new SesEmailChannel(client);

    // Act
    const sending = channel.send(message());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(RetryableSendError);
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.Retryable', reason: 'throttled' });
  });

  it('turns MessageRejected into a PermanentSendError', async () => {
    // Prepare
    ses.on(SendEmailCommand).rejects(
      new MessageRejected({
        message: 'Email address is not verified.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const channel = new SesEmailChannel(client);

    // Act
    const sending = channel.send(message());

    // Assess
    await expect(sending).rejects.toBeInstanceOf(PermanentSendError);
    await expect(sending).rejects.toMatchObject({ name: 'Parcours.PermanentFailure', reason: 'rejected' });
  });
});
