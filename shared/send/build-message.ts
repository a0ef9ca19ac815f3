import type { ParcoursConfig } from '../../language/config.ts';
import { PermanentSendError } from '../channels/errors.ts';
import type { EmailMessage, PushMessage, SmsMessage } from '../channels/ports.ts';
import { encodeTagValue } from '../channels/tag-encoding.ts';
import type { Address } from '../consent/consent.ts';
import type { RenderedMessage } from '../templates/render.ts';
import type { SendInput } from './send-input.ts';

export type OutgoingMessage =
  | { channel: 'email'; message: EmailMessage }
  | { channel: 'sms'; message: SmsMessage }
  | { channel: 'push'; message: PushMessage };

export type MessageContext = {
  readonly input: SendInput;
  readonly address: Address;
  readonly rendered: RenderedMessage;
  readonly senders: ParcoursConfig['senders'];
  readonly unsubscribeHeaders: readonly { name: string; value: string }[];
  /** The Pinpoint application of the deployment, for push senders that name none. */
  readonly pushApplicationId: string | undefined;
  /** The SMS configuration set of the deployment, which every SMS is sent through. */
  readonly smsConfigurationSet: string | undefined;
};

/** Tags for attribution: every provider event about this message can be traced to its step. */
export function attributionTags(input: SendInput): Record<string, string> {
  return {
    scenario: input.journey.scenario,
    step: input.step,
    profileId: encodeTagValue(input.journey.profileId),
    ...(input.variant === undefined ? {} : { variant: encodeTagValue(input.variant) }),
  };
}

/** The provider message for a rendered template, its address and the configured sender. */
export function buildMessage(context: MessageContext): OutgoingMessage {
  const { input, address, rendered, senders } = context;
  const senderName = input.from ?? 'default';
  if (address.channel === 'email' && rendered.channel === 'email') {
    const sender = senders.email?.[senderName];
    if (sender === undefined)
      throw new PermanentSendError(
        'configuration',
        `no email sender "${senderName}" in parcours.config.yaml`,
      );
    return {
      channel: 'email',
      message: {
        from: sender.from,
        to: address.email,
        ...(sender['reply-to'] === undefined ? {} : { replyTo: sender['reply-to'] }),
        subject: rendered.subject,
        html: rendered.html,
        text: rendered.text ?? rendered.subject,
        ...(sender['configuration-set'] === undefined
          ? {}
          : { configurationSet: sender['configuration-set'] }),
        headers: input.category === 'marketing' ? [...context.unsubscribeHeaders] : [],
        tags: attributionTags(input),
      },
    };
  }
  if (address.channel === 'sms' && rendered.channel === 'sms') {
    const sender = senders.sms?.[senderName];
    if (sender === undefined)
      throw new PermanentSendError('configuration', `no SMS sender "${senderName}" in parcours.config.yaml`);
    return {
      channel: 'sms',
      message: {
        to: address.phone,
        body: rendered.body,
        originationIdentity: sender['origination-identity'],
        messageType: input.category === 'marketing' ? 'PROMOTIONAL' : 'TRANSACTIONAL',
        ...(context.smsConfigurationSet === undefined
          ? {}
          : { configurationSet: context.smsConfigurationSet }),
        context: attributionTags(input),
      },
    };
  }
  if (address.channel === 'push' && rendered.channel === 'push') {
    const applicationId = senders.push?.[senderName]?.['application-id'] ?? context.pushApplicationId;
    if (applicationId === undefined)
      throw new PermanentSendError('configuration', 'no push application configured');
    return {
      channel: 'push',
      message: {
        tokens: [...address.tokens],
        title: rendered.title,
        body: rendered.body,
        applicationId,
        context: attributionTags(input),
      },
    };
  }
  throw new PermanentSendError(
    'invalid-message',
    `template rendered for ${rendered.channel}, address is for ${address.channel}`,
  );
}
