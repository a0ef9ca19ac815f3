import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod/mini';
import { Channel } from '../../language/channel.ts';
import type { Clock } from '../clock/clock.ts';

/**
 * Signed unsubscribe tokens, carried by the RFC 8058 one-click link of every marketing message.
 *
 * Format: `base64url(JSON payload) + '.' + base64url(HMAC-SHA256)`. The payload is signed, not
 * encrypted: anyone holding the link can read it, so it carries ids only, never an address.
 * The MAC covers the encoded payload string itself, so no decoding happens before the token is
 * authenticated and no alternative encoding of the same JSON can verify.
 */

/**
 * 60 days outlives the 30 days CAN-SPAM requires an unsubscribe link to keep working, while an
 * old leaked link stops being a way to opt someone out for ever.
 */
export const DEFAULT_TOKEN_TTL_DAYS = 60;

/** A shorter secret can be brute-forced, and then anyone could unsubscribe every customer. */
export const MIN_SECRET_LENGTH = 32;

/**
 * Tokens travel in URLs and mail headers; anything longer is not one of ours. Ours reach it: a
 * customer id of 200 characters that JSON writes as `\u` escapes (control characters) takes 1,200
 * bytes, the topic and scenario (names of at most 48) and the rest about 150, so the payload is
 * at most about 1,850 characters of base64url and the token under 1,900. At 1,024, a link signed
 * for an id of 200 CJK characters was refused as malformed, and that customer could not opt out.
 */
export const MAX_TOKEN_LENGTH = 2048;

/** A SHA-256 MAC is 32 bytes: 43 base64url characters without padding. */
const TOKEN_SHAPE = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]{43})$/;

/** Separates these MACs from any other use of the same secret (webhooks, other token kinds). */
const MAC_CONTEXT = 'parcours.unsubscribe.v1.';

/** An id of ours in a token: present, and no longer than any we make. */
const TokenId = z.string().check(z.minLength(1), z.maxLength(200));

export const UnsubscribeClaims = z.strictObject({
  profileId: TokenId,
  channel: Channel,
  topic: z.optional(TokenId),
  scenario: z.optional(TokenId),
});
export type UnsubscribeClaims = z.infer<typeof UnsubscribeClaims>;

/** `v` lets a future format be told apart; `exp` is in Unix seconds, like a JWT's. */
const TokenPayload = z.strictObject({
  v: z.literal(1),
  ...UnsubscribeClaims.shape,
  exp: z.int().check(z.positive()),
});

/** One secret, or several during a rotation: the first signs, any of them verifies. */
export type UnsubscribeSecrets = string | readonly string[];

export type UnsubscribeTokenFailure = 'malformed' | 'forged' | 'expired';
export type UnsubscribeTokenVerification =
  | { ok: true; claims: UnsubscribeClaims; expiresAt: Date }
  | { ok: false; reason: UnsubscribeTokenFailure };

export function signUnsubscribeToken(
  claims: UnsubscribeClaims,
  secret: UnsubscribeSecrets,
  clock: Clock,
  ttlDays: number = DEFAULT_TOKEN_TTL_DAYS,
): string {
  // Strict parsing keeps a caller from handing over a whole profile and leaking it into the link.
  const parsed = UnsubscribeClaims.parse(claims);
  if (!Number.isFinite(ttlDays) || ttlDays <= 0) {
    throw new RangeError(`an unsubscribe token needs a positive lifetime in days, got ${ttlDays}`);
  }
  const [signingSecret] = secretList(secret);
  if (signingSecret === undefined) throw new Error('signing an unsubscribe token needs a secret');
  const exp = Math.floor(clock.now().getTime() / 1000) + Math.round(ttlDays * 86_400);
  const payload = Buffer.from(JSON.stringify({ v: 1, ...parsed, exp }), 'utf8').toString('base64url');
  const token = `${payload}.${mac(payload, signingSecret)}`;
  // A link the endpoint would refuse must not be mailed as the way to opt out.
  if (token.length > MAX_TOKEN_LENGTH)
    throw new RangeError(
      `the unsubscribe link of ${parsed.profileId} would take ${token.length} characters, past the ${MAX_TOKEN_LENGTH} the endpoint takes`,
    );
  return token;
}

export function verifyUnsubscribeToken(
  token: unknown,
  secret: UnsubscribeSecrets,
  clock: Clock,
): UnsubscribeTokenVerification {
  const secrets = secretList(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const match = TOKEN_SHAPE.exec(token);
  const payload = match?.[1];
  const signature = match?.[2];
  if (payload === undefined || signature === undefined) return { ok: false, reason: 'malformed' };

  if (!secrets.some((candidate) => constantTimeEqual(mac(payload, candidate), signature))) {
    return { ok: false, reason: 'forged' };
  }

  const decoded = TokenPayload.safeParse(parseJson(Buffer.from(payload, 'base64url').toString('utf8')));
  if (!decoded.success) return { ok: false, reason: 'malformed' };
  const { profileId, channel, topic, scenario, exp } = decoded.data;
  const expiresAt = new Date(exp * 1000);
  if (clock.now().getTime() >= expiresAt.getTime()) return { ok: false, reason: 'expired' };
  const claims: UnsubscribeClaims = { profileId, channel };
  if (topic !== undefined) claims.topic = topic;
  if (scenario !== undefined) claims.scenario = scenario;
  return { ok: true, claims, expiresAt };
}

/** A missing or weak secret is a deployment mistake: fail loudly rather than sign weakly. */
function secretList(secret: UnsubscribeSecrets): readonly string[] {
  const secrets = typeof secret === 'string' ? [secret] : secret;
  if (secrets.length === 0) throw new Error('unsubscribe tokens need at least one secret');
  for (const candidate of secrets) {
    if (candidate.length < MIN_SECRET_LENGTH) {
      throw new Error(`an unsubscribe secret must be at least ${MIN_SECRET_LENGTH} characters long`);
    }
  }
  return secrets;
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest('base64url');
}

/** timingSafeEqual throws on unequal lengths; the length of a MAC is public anyway. */
function constantTimeEqual(expected: string, actual: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(actual, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
