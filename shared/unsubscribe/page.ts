import * as z from 'zod/mini';
import type { Clock } from '../clock/clock.ts';
import { escapeHtml, htmlDocument, PAGE_HEADERS } from './html.ts';
import { ONE_CLICK_FIELD, ONE_CLICK_VALUE } from './links.ts';
import {
  type UnsubscribeClaims,
  type UnsubscribeSecrets,
  type UnsubscribeTokenFailure,
  verifyUnsubscribeToken,
} from './tokens.ts';

/**
 * The pure core of the unsubscribe endpoint. The HTTP adapter passes the method, the `token`
 * query parameter and the raw form body, sends back the response, and turns `change` into a
 * `subscription.changed` event.
 *
 * GET never unsubscribes: mail scanners and link previewers fetch every URL in a message, so a
 * GET only shows a confirm button. A POST with a valid token is a person's or a mailbox
 * provider's deliberate act and applies at once. Both a one-click POST (RFC 8058) and the
 * confirm button post to the same URL, which carries the token in its query.
 */

export interface UnsubscribeRequest {
  /** GET or POST; typed loosely because it comes off the wire, and anything else gets 405. */
  method: string;
  token: string | undefined;
  /** The raw `application/x-www-form-urlencoded` body of a POST. */
  body?: string | undefined;
}

export interface UnsubscribeDeps {
  secrets: UnsubscribeSecrets;
  clock: Clock;
}

export type UnsubscribeVia = 'one-click' | 'page';

/** Shaped like the `subscription.changed` detail, so the caller can publish it as is. */
export interface UnsubscribeChange {
  profileId: string;
  channel: UnsubscribeClaims['channel'];
  topic?: string;
  /** Which scenario's message carried the link, so unsubscribes can be attributed. */
  scenario?: string;
  status: 'opted-out';
  via: UnsubscribeVia;
}

export interface UnsubscribeResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
  change?: UnsubscribeChange;
}

const Method = z.enum(['GET', 'POST']);

/** The confirm button's field; anything but a one-click body counts as the page's own POST. */
export const CONFIRM_FIELD = 'confirm';

/** A one-click body is 26 bytes; parsing megabytes of form data would only serve an attacker. */
const MAX_FORM_BODY_LENGTH = 4096;

const CHANNEL_NOUNS: Record<UnsubscribeClaims['channel'], string> = {
  email: 'emails',
  sms: 'text messages',
  push: 'push notifications',
};

export function handleUnsubscribeRequest(
  request: UnsubscribeRequest,
  deps: UnsubscribeDeps,
): UnsubscribeResponse {
  const method = Method.safeParse(request.method);
  if (!method.success) {
    return {
      status: 405,
      headers: { ...PAGE_HEADERS, allow: 'GET, POST' },
      body: messagePage('Not allowed', [
        'Nothing was changed. Open the link from the message, or press Unsubscribe on its page.',
      ]),
    };
  }

  const verification = verifyUnsubscribeToken(request.token, deps.secrets, deps.clock);
  if (!verification.ok) return failurePage(verification.reason);
  const { claims } = verification;

  if (method.data === 'GET') return { status: 200, headers: { ...PAGE_HEADERS }, body: confirmPage(claims) };

  const via: UnsubscribeVia = isOneClick(request.body) ? 'one-click' : 'page';
  const change: UnsubscribeChange = {
    profileId: claims.profileId,
    channel: claims.channel,
    status: 'opted-out',
    via,
  };
  if (claims.topic !== undefined) change.topic = claims.topic;
  if (claims.scenario !== undefined) change.scenario = claims.scenario;

  if (via === 'one-click') {
    // Nobody reads this body: the mailbox provider only looks at the status.
    return {
      status: 200,
      headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
      body: 'Unsubscribed.\n',
      change,
    };
  }
  return {
    status: 200,
    headers: { ...PAGE_HEADERS },
    body: messagePage('You are unsubscribed', [`You will no longer receive ${subjectOf(claims)}.`]),
    change,
  };
}

function isOneClick(body: unknown): boolean {
  if (typeof body !== 'string' || body.length > MAX_FORM_BODY_LENGTH) return false;
  return new URLSearchParams(body).get(ONE_CLICK_FIELD) === ONE_CLICK_VALUE;
}

/** "emails", or "“Weekly deals” emails" for a topic: escaped here, at the point of echo. */
function subjectOf(claims: UnsubscribeClaims): string {
  const noun = CHANNEL_NOUNS[claims.channel];
  return claims.topic === undefined ? `marketing ${noun}` : `“${escapeHtml(claims.topic)}” ${noun}`;
}

function confirmPage(claims: UnsubscribeClaims): string {
  // No `action`: the form posts to this very URL, token included.
  return htmlDocument(
    'Unsubscribe',
    [
      '<h1>Unsubscribe?</h1>',
      `<p>Confirm and you will no longer receive ${subjectOf(claims)}.</p>`,
      '<form method="post">',
      `<input type="hidden" name="${CONFIRM_FIELD}" value="unsubscribe">`,
      '<button type="submit">Unsubscribe</button>',
      '</form>',
    ].join('\n'),
  );
}

/**
 * Malformed and forged read the same: a damaged link is far likelier than an attack, and telling
 * the two apart would only help someone probing the signature.
 */
const INVALID_LINK = {
  status: 400,
  title: 'This link does not work',
  text: 'The unsubscribe link is incomplete or damaged, perhaps cut off when it was copied. Open it again from the message, or use the unsubscribe link of a more recent message.',
};

const FAILURES: Record<UnsubscribeTokenFailure, { status: number; title: string; text: string }> = {
  malformed: INVALID_LINK,
  forged: INVALID_LINK,
  expired: {
    status: 410,
    title: 'This link has expired',
    text: 'Unsubscribe links stop working after a while. Use the unsubscribe link of a more recent message; nothing has been changed.',
  },
};

function failurePage(reason: UnsubscribeTokenFailure): UnsubscribeResponse {
  const failure = FAILURES[reason];
  return {
    status: failure.status,
    headers: { ...PAGE_HEADERS },
    body: messagePage(failure.title, [escapeHtml(failure.text)]),
  };
}

/** `paragraphs` are HTML: escape anything not constant before passing it. */
function messagePage(title: string, paragraphs: readonly string[]): string {
  return htmlDocument(
    title,
    [`<h1>${escapeHtml(title)}</h1>`, ...paragraphs.map((p) => `<p>${p}</p>`)].join('\n'),
  );
}
