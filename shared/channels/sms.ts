import {
  type PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  type SendTextMessageCommandInput,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { classifySdkError } from './errors.ts';
import { parseMessage } from './parse-message.ts';
import { toE164 } from './phone-number.ts';
import { type SendResult, type SmsChannel, SmsMessage } from './ports.ts';

/** Sends SMS through AWS End User Messaging SMS (pinpoint-sms-voice-v2 SendTextMessage). */
export class EndUserMessagingSmsChannel implements SmsChannel {
  readonly #client: PinpointSMSVoiceV2Client;

  /** The client is a module-scope singleton owned by the handler, so warm invocations reuse it. */
  constructor(client: PinpointSMSVoiceV2Client) {
    this.#client = client;
  }

  async send(input: SmsMessage): Promise<SendResult> {
    const message = parseMessage(SmsMessage, input, 'to');
    // Before the call, so a number that can never be reached costs no API request.
    const destination = await toE164(message.to, message.defaultCountry);
    try {
      const output = await this.#client.send(
        new SendTextMessageCommand(toSendTextInput(message, destination)),
      );
      return { messageId: output.MessageId ?? output.$metadata.requestId ?? 'unknown' };
    } catch (error) {
      throw classifySdkError(error);
    }
  }
}

function toSendTextInput(message: SmsMessage, destination: string): SendTextMessageCommandInput {
  const hasContext = Object.keys(message.context).length > 0;
  return {
    DestinationPhoneNumber: destination,
    OriginationIdentity: message.originationIdentity,
    MessageBody: message.body,
    MessageType: message.messageType,
    ConfigurationSetName: message.configurationSet,
    Context: hasContext ? message.context : undefined,
  };
}
