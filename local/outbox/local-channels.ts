import { randomUUID } from 'node:crypto';
import { toE164 } from '../../shared/channels/phone-number.ts';
import type {
  EmailChannel,
  EmailMessage,
  PushChannel,
  PushMessage,
  PushSendResult,
  SendResult,
  SmsChannel,
  SmsMessage,
} from '../../shared/channels/ports.ts';
import { decodeTagValue } from '../../shared/channels/tag-encoding.ts';
import type { Clock } from '../../shared/clock/clock.ts';
import type { Outbox } from './outbox.ts';

type Tags = Readonly<Record<string, string>>;
const attribution = (tags: Tags) => ({
  ...(tags.profileId === undefined ? {} : { profileId: decodeTagValue(tags.profileId) }),
  scenario: tags.scenario,
  step: tags.step,
  ...(tags.variant === undefined ? {} : { variant: decodeTagValue(tags.variant) }),
});

/** Sends through a real channel (the SES client against aws-ses-v2-local) and keeps a copy in the outbox. */
export class OutboxedEmailChannel implements EmailChannel {
  constructor(
    private readonly inner: EmailChannel,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(message: EmailMessage): Promise<SendResult> {
    const result = await this.inner.send(message);
    await this.outbox.add(
      {
        at: this.clock.now().toISOString(),
        channel: 'email',
        to: message.to,
        subject: message.subject,
        body: message.text,
        messageId: result.messageId,
        ...attribution(message.tags),
      },
      message.html,
    );
    return result;
  }
}

/** SMS has no local stand-in: the message goes to the outbox, after the same number checks. */
export class OutboxSmsChannel implements SmsChannel {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(message: SmsMessage): Promise<SendResult> {
    const to = await toE164(message.to, message.defaultCountry);
    const messageId = randomUUID();
    await this.outbox.add({
      at: this.clock.now().toISOString(),
      channel: 'sms',
      to,
      body: message.body,
      messageId,
      ...attribution(message.context),
    });
    return { messageId };
  }
}

/** Push has no local stand-in: one outbox entry per message, addressed to its device tokens. */
export class OutboxPushChannel implements PushChannel {
  constructor(
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async send(message: PushMessage): Promise<PushSendResult> {
    const messageId = randomUUID();
    await this.outbox.add({
      at: this.clock.now().toISOString(),
      channel: 'push',
      to: message.tokens.map((token) => `${token.platform}:${token.token.slice(0, 8)}…`).join(', '),
      subject: message.title,
      body: message.body,
      messageId,
      ...attribution(message.context),
    });
    return { messageId, invalidTokens: [] };
  }
}
