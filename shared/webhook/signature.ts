import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock/clock.ts';

/**
 * How Parcours signs webhook requests, in the manner of Stripe's `Stripe-Signature`:
 *
 *   x-parcours-timestamp: 1767225600
 *   x-parcours-signature: v1=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39
 *
 * - The timestamp is in Unix seconds, taken when the request was signed.
 * - `v1` is the lowercase hex HMAC-SHA256, keyed with the endpoint's shared secret, of
 *   `${x-parcours-timestamp}.${raw body}`: the timestamp header's exact text, a dot, and the
 *   body's bytes exactly as received (verify before any JSON parsing and re-serialising).
 * - The timestamp is inside the MAC, so a receiver that rejects requests older than a few
 *   minutes (5 by default) shuts out replays of a captured request.
 * - The header may hold several comma-separated entries. During a secret rotation the sender
 *   can sign with the old and new secrets at once; one matching `v1` entry is enough. Entries
 *   of other schemes are ignored, so a future `v2` can be sent alongside `v1`.
 *
 * Receivers compare in constant time; `verifyWebhookSignature` does all of the above.
 */
export const SIGNATURE_HEADER = 'x-parcours-signature';
export const TIMESTAMP_HEADER = 'x-parcours-timestamp';
export const SIGNATURE_SCHEME = 'v1';
export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Both ends fail loudly on a weak secret rather than sign or accept guessable MACs. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

/** Longer headers are not ours; bounding them bounds the work an attacker can cause. */
const MAX_HEADER_LENGTH = 2048;

/** A type alias, not an interface, so it stays assignable to plain header records. */
export type WebhookSignatureHeaders = {
  'x-parcours-signature': string;
  'x-parcours-timestamp': string;
};

/** Plain objects (node:http, API Gateway, Lambda URLs) or fetch `Headers`. */
export type ReceivedHeaders = Headers | Readonly<Record<string, string | readonly string[] | undefined>>;

export type WebhookSignatureVerification =
  | { ok: true; timestamp: Date }
  | { ok: false; reason: 'malformed' | 'forged' | 'stale' };

export interface VerifyWebhookOptions {
  /** One secret, or the old and the new during a rotation. */
  secrets: string | readonly string[];
  clock: Clock;
  /** @default 300 */
  toleranceSeconds?: number;
}

export function signWebhook(body: string, secret: string, timestamp: Date): WebhookSignatureHeaders {
  assertStrongSecret(secret);
  const milliseconds = timestamp.getTime();
  if (!Number.isFinite(milliseconds)) throw new RangeError('a webhook signature needs a valid timestamp');
  const seconds = String(Math.floor(milliseconds / 1000));
  return {
    [SIGNATURE_HEADER]: `${SIGNATURE_SCHEME}=${hmacHex(secret, seconds, body)}`,
    [TIMESTAMP_HEADER]: seconds,
  };
}

export function verifyWebhookSignature(
  request: { body: string; headers: ReceivedHeaders },
  options: VerifyWebhookOptions,
): WebhookSignatureVerification {
  const secrets = typeof options.secrets === 'string' ? [options.secrets] : options.secrets;
  if (secrets.length === 0) throw new Error('verifying a webhook needs at least one secret');
  for (const secret of secrets) assertStrongSecret(secret);

  const timestamp = headerValue(request.headers, TIMESTAMP_HEADER);
  const signatures = parseSignatures(headerValue(request.headers, SIGNATURE_HEADER));
  if (timestamp === undefined || !/^\d{1,12}$/.test(timestamp) || signatures.length === 0) {
    return { ok: false, reason: 'malformed' };
  }

  const expected = secrets.map((secret) => hmacHex(secret, timestamp, request.body));
  const authentic = expected.some((mac) => signatures.some((signature) => constantTimeEqual(mac, signature)));
  if (!authentic) return { ok: false, reason: 'forged' };

  // Checked after the MAC, so "stale" always means an authentic but replayed or delayed request.
  const signedAt = new Date(Number(timestamp) * 1000);
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const skewSeconds = Math.abs(options.clock.now().getTime() - signedAt.getTime()) / 1000;
  if (skewSeconds > toleranceSeconds) return { ok: false, reason: 'stale' };
  return { ok: true, timestamp: signedAt };
}

function hmacHex(secret: string, timestamp: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex');
}

function assertStrongSecret(secret: string): void {
  if (secret.length < MIN_WEBHOOK_SECRET_LENGTH) {
    throw new Error(`a webhook secret must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters long`);
  }
}

/** A repeated header arrives as an array: ambiguous, so it counts as absent. */
function headerValue(headers: ReceivedHeaders, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return typeof value === 'string' ? value : undefined;
  }
  return undefined;
}

function parseSignatures(header: string | undefined): string[] {
  if (header === undefined || header.length > MAX_HEADER_LENGTH) return [];
  const prefix = `${SIGNATURE_SCHEME}=`;
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith(prefix))
    .map((entry) => entry.slice(prefix.length))
    .filter((hex) => /^[0-9a-f]{64}$/.test(hex));
}

function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
