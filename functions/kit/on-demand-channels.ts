import type { PushChannel, SmsChannel } from '../../shared/channels/ports.ts';
import { onDemand } from '../../shared/modules/on-demand.ts';

/**
 * The SMS and push channels, each made with its AWS SDK client on the first message of its kind:
 * the clients (about 80 KB of the SDK) are a chunk of their own in the bundles of send and
 * deliver, which an invocation that sends an email, most of them, never loads. One of each per
 * container, as the clients made at cold start were.
 */
const sms = onDemand(async () => (await import('./message-channels.ts')).smsChannel());
const push = onDemand(async () => (await import('./message-channels.ts')).pushChannel());

export const onDemandSmsChannel: SmsChannel = {
  send: async (message) => (await sms.load()).send(message),
};

export const onDemandPushChannel: PushChannel = {
  send: async (message) => (await push.load()).send(message),
};
