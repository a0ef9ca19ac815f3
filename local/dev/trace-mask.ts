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
  const known = knownContacts(trace);
  const masked = Trace.parse(maskValue(trace, '', { known, customerData: false, contact: false }));
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

/**
 * Where customers' and apps' own fields are (a profile's traits, an event's detail): there a key
 * names contact data as the app writes it, such as a trait `mobile: "06 12 34 56 78"` or a number
 * kept as a number, which no pattern tells from an id; everything under such a key is masked
 * (`phones: [{ number: ... }]`). Elsewhere keys are Parcours' own (`consents.email`, a step
 * `cart-email`).
 */
const CUSTOMER_DATA_KEYS = new Set(['attributes', 'detail']);
const CONTACT_KEY = /e-?mail|phone|mobile|msisdn|contact|whatsapp/i;

type MaskScope = {
  readonly known: readonly KnownContact[];
  readonly customerData: boolean;
  /** Under a key that names contact data: every value is masked whole. */
  readonly contact: boolean;
};

function maskValue(value: unknown, key: string, scope: MaskScope): unknown {
  const contact = scope.contact || (scope.customerData && CONTACT_KEY.test(key));
  if (typeof value === 'string') {
    if (TOKEN_KEY.test(key)) return maskToken(value);
    if (contact) return maskToken(value);
    return maskKnown(maskPersonalData(value), scope.known);
  }
  if (typeof value === 'number' && contact) return maskToken(String(value));
  if (Array.isArray(value)) return value.map((item) => maskValue(item, key, { ...scope, contact }));
  if (typeof value === 'object' && value !== null) {
    const inner = { ...scope, contact, customerData: scope.customerData || CUSTOMER_DATA_KEYS.has(key) };
    return Object.fromEntries(
      Object.entries(value).map(([name, child]) => [name, maskValue(child, name, inner)]),
    );
  }
  return value;
}

/** The customer's own address and number, in the forms they take in text and in links. */
type KnownContact = { readonly text: string; readonly masked: string };

function knownContacts(trace: Trace): KnownContact[] {
  const values = [trace.profile?.email, trace.profile?.phone].filter(
    (value): value is string => value !== undefined && value.length >= MIN_KNOWN_LENGTH,
  );
  return values.flatMap((value) => {
    const masked = maskPersonalData(value) === value ? maskToken(value) : maskPersonalData(value);
    const forms = new Set([value, encodeURIComponent(value), value.replace(/^\+/, '')]);
    return [...forms].filter((text) => text.length >= MIN_KNOWN_LENGTH).map((text) => ({ text, masked }));
  });
}

/** Shorter values would mask parts of ids and words; an address or a number is longer. */
const MIN_KNOWN_LENGTH = 6;

function maskKnown(text: string, known: readonly KnownContact[]): string {
  let masked = text;
  for (const contact of known) masked = masked.split(contact.text).join(contact.masked);
  return masked;
}
