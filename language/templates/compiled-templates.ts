import * as z from 'zod/mini';
import { DEFAULT_LOCALE } from './default-locale.ts';

/**
 * The templates as the send function loads them at cold start: plain Liquid sources, MJML already
 * turned into HTML, so the function needs liquidjs and nothing else. Built by compileTemplates,
 * written as JSON, and parsed back with this schema because the file crosses a deploy boundary.
 */

export const LocaleKey = z.union([
  z.literal(DEFAULT_LOCALE),
  z.string().check(z.regex(/^[a-z]{2}(?:-[A-Z]{2})?$/)),
]);
export type LocaleKey = z.infer<typeof LocaleKey>;

/** Where a source came from, relative to templates/ (e.g. "cart-reminder/email.fr.mjml"), for errors. */
const SourceName = z.string().check(z.minLength(1));

export const EmailVariant = z.object({
  source: SourceName,
  subject: z.string(),
  preheader: z.optional(z.string()),
  html: z.string(),
  text: z.optional(z.string()),
  /** The text part's own file; absent when the text was derived from the HTML. */
  textSource: z.optional(SourceName),
});
export type EmailVariant = z.infer<typeof EmailVariant>;

export const SmsVariant = z.object({ source: SourceName, body: z.string() });
export type SmsVariant = z.infer<typeof SmsVariant>;

export const PushVariant = z.object({
  source: SourceName,
  title: z.string(),
  body: z.string(),
  image: z.optional(z.string()),
});
export type PushVariant = z.infer<typeof PushVariant>;

export const CompiledTemplate = z.object({
  email: z.optional(z.record(LocaleKey, EmailVariant)),
  sms: z.optional(z.record(LocaleKey, SmsVariant)),
  push: z.optional(z.record(LocaleKey, PushVariant)),
});
export type CompiledTemplate = z.infer<typeof CompiledTemplate>;

/** Template name (its folder under templates/) to channel to locale to Liquid sources. */
export const CompiledTemplates = z.record(z.string().check(z.minLength(1)), CompiledTemplate);
export type CompiledTemplates = z.infer<typeof CompiledTemplates>;
