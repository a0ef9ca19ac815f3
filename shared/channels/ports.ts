import * as z from 'zod/mini';
import { PushToken } from '../profiles/profile.ts';
import { sanitiseSesTags } from './ses-tags.ts';

/**
 * The ports the send steps talk to. AWS adapters live beside this file; the local platform
 * provides outbox adapters with the same interfaces. Messages are parsed again by every adapter,
 * so a hand-built object gets the same checks as one made with `X.parse`.
 */

/** RFC 5322 field name as SES accepts it: printable ASCII except `:`, at most 126 characters. */
const HeaderName = z.string().check(z.regex(/^[\x21-\x39\x3b-\x7e]{1,126}$/, 'printable ASCII without ":"'));
/** Printable ASCII only: a CR or LF here would let a value inject headers of its own. */
const HeaderValue = z
  .string()
  .check(z.regex(/^[\x20-\x7e]{0,995}$/, 'printable ASCII, at most 995 characters'));

export const EmailHeader = z.object({ name: HeaderName, value: HeaderValue }).check(
  z.refine((header) => header.name.length + header.value.length <= 996, {
    message: 'SES limits a header name and value to 996 characters together',
  }),
);
export type EmailHeader = z.infer<typeof EmailHeader>;

/** The context every send carries for attribution: scenario, step, variant, profileId. */
const ContextTags = z.record(z.string().check(z.minLength(1)), z.string());

export const EmailMessage = z.object({
  /** An address, optionally with a display name: `Parcours <news@example.com>`. */
  from: z.string().check(z.minLength(1)),
  to: z.email(),
  replyTo: z.optional(z.email()),
  subject: z.string().check(z.minLength(1)),
  html: z.string().check(z.minLength(1)),
  text: z.string().check(z.minLength(1)),
  configurationSet: z.optional(z.string().check(z.minLength(1))),
  /** Extra headers, such as RFC 8058's List-Unsubscribe and List-Unsubscribe-Post. */
  headers: z._default(z.array(EmailHeader), []).check(
    z.refine(
      (headers) => new Set(headers.map(({ name }) => name.toLowerCase())).size === headers.length,
      // SES refuses a message that repeats List-Unsubscribe and most other structural fields.
      { message: 'header names must be unique' },
    ),
  ),
  /** Sent as SES message tags, cleaned to the characters SES allows (see ses-tags.ts). */
  tags: z.pipe(z._default(ContextTags, {}), z.transform(sanitiseSesTags)),
});
export type EmailMessage = z.infer<typeof EmailMessage>;

export const SmsMessageType = z.enum(['PROMOTIONAL', 'TRANSACTIONAL']);
export type SmsMessageType = z.infer<typeof SmsMessageType>;

export const SmsMessage = z.object({
  /** E.164 (`+12025550142`); a national number is accepted when `defaultCountry` is given. */
  to: z.string().check(z.minLength(1)),
  /** ISO 3166-1 alpha-2 country used to read a number written without its `+` prefix. */
  defaultCountry: z.optional(z.string().check(z.regex(/^[A-Z]{2}$/))),
  body: z.string().check(z.minLength(1)),
  /** Phone number, sender id, pool id or their ARNs, as SendTextMessage takes them. */
  originationIdentity: z.string().check(z.minLength(1)),
  messageType: SmsMessageType,
  configurationSet: z.optional(z.string().check(z.minLength(1))),
  /** Logged to the configuration set's event destinations with each SMS event. */
  context: z._default(ContextTags, {}),
});
export type SmsMessage = z.infer<typeof SmsMessage>;

export const PushMessage = z.object({
  tokens: z.array(PushToken).check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  body: z.string().check(z.minLength(1)),
  /** The Pinpoint project whose APNs and FCM channels hold the credentials. */
  applicationId: z.string().check(z.minLength(1)),
  /** Custom key-value pairs delivered to the app with the notification. */
  data: z.optional(z.record(z.string(), z.string())),
  /** Attached to the message's events in Pinpoint's event stream. */
  context: z._default(ContextTags, {}),
});
export type PushMessage = z.infer<typeof PushMessage>;

export type SendResult = { readonly messageId: string };

export type PushSendResult = SendResult & {
  /**
   * Tokens the push services reported as invalid or unregistered while another token of the
   * same profile got the message; the caller should remove them from the profile.
   */
  readonly invalidTokens: readonly string[];
};

/**
 * Each `send` resolves once the provider accepted the message, and otherwise rejects with a
 * RetryableSendError, a PermanentSendError or, when the provider may have taken the message
 * without confirming it, an UncertainSendError (errors.ts); never with a raw SDK error.
 */
export interface EmailChannel {
  send(message: EmailMessage): Promise<SendResult>;
}

export interface SmsChannel {
  send(message: SmsMessage): Promise<SendResult>;
}

export interface PushChannel {
  send(message: PushMessage): Promise<PushSendResult>;
}
