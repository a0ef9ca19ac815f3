import { htmlDocument, PAGE_HEADERS } from '../../shared/unsubscribe/html.ts';
import type { UnsubscribeVia } from '../../shared/unsubscribe/page.ts';

/** Seconds a mailbox provider or a person is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 60;

/**
 * The answer when the opt-out could not be recorded (the event was not accepted by the bus): a
 * 503, so a one-click POST is retried by the mailbox provider (RFC 8058 providers treat a 2xx as
 * done), and a page that says so plainly instead of claiming the customer is unsubscribed.
 */
export function notSavedResponse(via: UnsubscribeVia): {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
} {
  const retry = { 'retry-after': String(RETRY_AFTER_SECONDS), 'cache-control': 'no-store' };
  if (via === 'one-click') {
    return {
      statusCode: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8', ...retry },
      body: 'Not saved: the unsubscribe could not be recorded. Please try again.\n',
    };
  }
  return {
    statusCode: 503,
    headers: { ...PAGE_HEADERS, ...retry },
    body: htmlDocument(
      'Not saved',
      [
        '<h1>Your choice could not be saved</h1>',
        '<p>Something went wrong on our side and you are <strong>not</strong> unsubscribed yet.</p>',
        '<p>Please try again in a minute: go back and press Unsubscribe again, or open the unsubscribe link in the message again.</p>',
      ].join('\n'),
    ),
  };
}
