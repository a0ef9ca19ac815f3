import {
  type ChannelType,
  type PinpointClient,
  SendMessagesCommand,
  type SendMessagesCommandInput,
} from '@aws-sdk/client-pinpoint';
import type { PushPlatform } from '../profiles/profile.ts';
import { classifySdkError, UncertainSendError } from './errors.ts';
import { parseMessage } from './parse-message.ts';
import { type PushChannel, PushMessage, type PushSendResult } from './ports.ts';
import { interpretPushResults, PushResponse } from './push-results.ts';

/** FCM is still called GCM in Pinpoint's API. */
const CHANNEL_TYPES: Readonly<Record<PushPlatform, ChannelType>> = {
  apns: 'APNS',
  'apns-sandbox': 'APNS_SANDBOX',
  fcm: 'GCM',
};

/**
 * Sends push notifications with Pinpoint SendMessages addressed by device token. It needs no
 * Pinpoint endpoints, segments or journeys, the parts of Pinpoint that reached end of support.
 */
export class PinpointPushChannel implements PushChannel {
  readonly #client: PinpointClient;

  /** The client is a module-scope singleton owned by the handler, so warm invocations reuse it. */
  constructor(client: PinpointClient) {
    this.#client = client;
  }

  async send(input: PushMessage): Promise<PushSendResult> {
    const message = parseMessage(PushMessage, input, 'tokens');
    const request = toSendMessagesInput(message);
    const tokens = Object.keys(request.MessageRequest?.Addresses ?? {});
    let response: unknown;
    try {
      response = (await this.#client.send(new SendMessagesCommand(request))).MessageResponse;
    } catch (error) {
      throw classifySdkError(error);
    }
    // Pinpoint took the request; an answer that cannot be read leaves nobody knowing which devices
    // got the notification, and asking again could notify them twice.
    const parsed = PushResponse.safeParse(response ?? {});
    if (!parsed.success) {
      throw new UncertainSendError(
        'unreadable-response',
        'Pinpoint answered with unreadable per-token results',
      );
    }
    return interpretPushResults(tokens, parsed.data);
  }
}

function toSendMessagesInput(message: PushMessage): SendMessagesCommandInput {
  // Keyed by token, so a token listed twice on a profile is sent once.
  const addresses = Object.fromEntries(
    message.tokens.map(({ token, platform }) => [token, { ChannelType: CHANNEL_TYPES[platform] }]),
  );
  const notification = { Title: message.title, Body: message.body, Data: message.data };
  const hasContext = Object.keys(message.context).length > 0;
  return {
    ApplicationId: message.applicationId,
    MessageRequest: {
      Addresses: addresses,
      MessageConfiguration: {
        APNSMessage: { ...notification, Action: 'OPEN_APP' },
        GCMMessage: { ...notification, Action: 'OPEN_APP' },
      },
      Context: hasContext ? message.context : undefined,
    },
  };
}
