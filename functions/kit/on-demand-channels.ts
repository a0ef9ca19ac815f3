import type { PushChannel, SmsChannel } from '../../shared/channels/ports.ts';
import { onDemand } from '../../shared/modules/on-demand.ts';

/**
 * The SMS and push channels, each made with its AWS SDK client on the first message of its kind:
 * the clients (about 80 KB of the SDK) are a chunk of their own in the bundles of send and
 * deliver, which an invocation that sends an email, most of them, never loads. One of each per
 * container, as the clients made at cold start were.
 */
export const onDemandSmsChannel: SmsChannel = channelMadeOnFirstSend(async () =>
  (await import('./message-channels.ts')).smsChannel(),
);

export const onDemandPushChannel: PushChannel = channelMadeOnFirstSend(async () =>
  (await import('./message-channels.ts')).pushChannel(),
);

/** A channel that makes the one it stands for when its first message comes, then sends through it. */
function channelMadeOnFirstSend<Message, Result>(
  make: () => Promise<{ send(message: Message): Promise<Result> }>,
): { send(message: Message): Promise<Result> } {
  const channel = onDemand(make);
  return { send: async (message) => (await channel.load()).send(message) };
}
