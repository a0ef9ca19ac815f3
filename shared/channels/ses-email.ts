import { type SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { classifySdkError } from './errors.ts';
import { parseMessage } from './parse-message.ts';
import { type EmailChannel, EmailMessage, type SendResult } from './ports.ts';

const CHARSET = 'UTF-8';

/** Sends email through SES v2 SendEmail with Simple content, so SES builds the MIME message. */
export class SesEmailChannel implements EmailChannel {
  readonly #client: SESv2Client;

  /** The client is a module-scope singleton owned by the handler, so warm invocations reuse it. */
  constructor(client: SESv2Client) {
    this.#client = client;
  }

  async send(input: EmailMessage): Promise<SendResult> {
    const message = parseMessage(EmailMessage, input, 'to');
    try {
      const output = await this.#client.send(new SendEmailCommand(toSendEmailInput(message)));
      return { messageId: output.MessageId ?? output.$metadata.requestId ?? 'unknown' };
    } catch (error) {
      throw classifySdkError(error);
    }
  }
}

export function toSendEmailInput(message: EmailMessage): SendEmailCommandInput {
  const tags = Object.entries(message.tags).map(([Name, Value]) => ({ Name, Value }));
  return {
    FromEmailAddress: message.from,
    Destination: { ToAddresses: [message.to] },
    ReplyToAddresses: message.replyTo === undefined ? undefined : [message.replyTo],
    Content: {
      Simple: {
        Subject: { Data: message.subject, Charset: CHARSET },
        Body: {
          Html: { Data: message.html, Charset: CHARSET },
          Text: { Data: message.text, Charset: CHARSET },
        },
        // Simple content carries custom headers, which makes RFC 8058 one-click unsubscribe
        // possible without building raw MIME ourselves.
        Headers:
          message.headers.length === 0
            ? undefined
            : message.headers.map(({ name, value }) => ({ Name: name, Value: value })),
      },
    },
    ConfigurationSetName: message.configurationSet,
    EmailTags: tags.length === 0 ? undefined : tags,
  };
}
