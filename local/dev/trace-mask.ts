import { maskPersonalData } from '../../shared/observability/logger.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import { maskToken } from './log-format.ts';
import { Trace } from './trace.ts';

/** Keys whose values are device tokens wherever they appear (a profile's push tokens, an event's). */
const TOKEN_KEY = /token$/i;

/**
 * The trace with addresses masked as the dev log masks them: an email keeps its first letters
 * (`j***@e***.com`), a phone number its last two digits, a push token its last four characters.
 * Every string is masked, since events and provider errors can carry an address anywhere. The
 * outbox is where addresses are shown in clear.
 */
export function maskTrace(trace: Trace): Trace {
  const masked = Trace.parse(maskValue(trace, ''));
  return {
    ...masked,
    // A push message's recipient is the device token itself.
    messages: masked.messages.map((message, index) => {
      const original = trace.messages[index];
      return original === undefined ? message : { ...message, to: maskRecipient(original) };
    }),
  };
}

/** A message's recipient as shown unless revealed: a push message's is the device token itself. */
export function maskRecipient(message: Pick<OutboxEntry, 'channel' | 'to'>): string {
  return message.channel === 'push' ? maskToken(message.to) : maskPersonalData(message.to);
}

function maskValue(value: unknown, key: string): unknown {
  if (typeof value === 'string') return TOKEN_KEY.test(key) ? maskToken(value) : maskPersonalData(value);
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, maskValue(child, name)]));
  }
  return value;
}
